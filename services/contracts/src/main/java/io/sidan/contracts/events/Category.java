package io.sidan.contracts.events;

import java.util.List;
import java.util.Map;

/**
 * A service category of the catalogue with its service items and SLA targets per urgency, and how its SLA
 * clocks count ({@code slaClock}; absent: around the clock).
 */
public record Category(String code, String nameZh, String nameEn, @Nullable String descriptionZh,
                       @Nullable String descriptionEn, @Nullable String icon, Urgency defaultUrgency, Map<Urgency, SlaTargets> sla,
                       List<ServiceItem> items, boolean active, @Nullable SlaClock slaClock) {

    /** A category whose SLA clocks count around the clock. */
    public Category(String code, String nameZh, String nameEn, String descriptionZh, String descriptionEn, String icon,
                    Urgency defaultUrgency, Map<Urgency, SlaTargets> sla, List<ServiceItem> items, boolean active) {
        this(code, nameZh, nameEn, descriptionZh, descriptionEn, icon, defaultUrgency, sla, items, active, null);
    }

    /** The targets of an urgency as a request of this category carries them: with the category's clock. */
    public SlaTargets slaFor(Urgency urgency) {
        SlaTargets targets = sla.get(urgency);
        return targets == null ? null : targets.withClock(slaClock == null ? SlaClock.NATURAL : slaClock);
    }

    /** One concrete service a category offers, e.g. 上门理发 in 助老助残. */
    public record ServiceItem(String code, String nameZh, String nameEn) {
    }
}
