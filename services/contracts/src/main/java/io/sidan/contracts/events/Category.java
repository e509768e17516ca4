package io.sidan.contracts.events;

import java.util.List;
import java.util.Map;

/**
 * A service category of the catalogue with its service items and SLA targets per urgency.
 */
public record Category(String code, String nameZh, String nameEn, @Nullable String descriptionZh,
                       @Nullable String descriptionEn, @Nullable String icon, Urgency defaultUrgency, Map<Urgency, SlaTargets> sla,
                       List<ServiceItem> items, boolean active) {

    /** One concrete service a category offers, e.g. 上门理发 in 助老助残. */
    public record ServiceItem(String code, String nameZh, String nameEn) {
    }
}
