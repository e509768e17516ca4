package io.sidan.request.api;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.sidan.contracts.events.Category;
import io.sidan.contracts.events.SlaClock;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;
import io.sidan.kit.api.ProblemException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A category as an admin defines it. */
@Schema(name = "CategoryInput")
public record CategoryBody(
        @Schema(description = "Stable code, upper case", examples = "ELDERLY_CARE")
        @NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{1,39}", message = "must be 2 to 40 of A-Z, 0-9 and _, starting with a letter")
        String code,
        @Schema(examples = "助老助残") @NotBlank @Size(max = 50) String nameZh,
        @Schema(examples = "Elderly and disabled care") @NotBlank @Size(max = 80) String nameEn,
        @Schema(examples = "为行动不便的老人和残疾人提供上门服务") @Size(max = 500) String descriptionZh,
        @Schema(examples = "Home visits for the elderly and people with disabilities") @Size(max = 500) String descriptionEn,
        @Schema(description = "Icon name for the console", examples = "elderly") @Size(max = 40) String icon,
        @NotNull Urgency defaultUrgency,
        @Schema(description = "SLA targets for each of LOW, NORMAL, HIGH and EMERGENCY (minutes: dispatchMinutes, acceptMinutes, completeMinutes)")
        @NotNull Map<Urgency, @NotNull @Valid SlaBody> sla,
        @Size(max = 50) List<@NotNull @Valid ItemBody> items,
        @Schema(description = "Inactive categories are hidden from residents; default true", examples = "true") Boolean active,
        @Schema(description = "How the SLA minutes count: NATURAL (around the clock, the default) or WORKING (working hours on "
                + "working days of the calendar, GET /api/calendar)") SlaClock slaClock) {

    @Schema(name = "SlaInput", description = "Minutes from submission")
    public record SlaBody(@Schema(examples = "60") @NotNull @Min(1) @Max(525600) Integer dispatchMinutes,
                          @Schema(examples = "240") @NotNull @Min(1) @Max(525600) Integer acceptMinutes,
                          @Schema(examples = "4320") @NotNull @Min(1) @Max(525600) Integer completeMinutes) {
    }

    @Schema(name = "ServiceItemInput")
    public record ItemBody(@Schema(examples = "HAIRCUT")
                           @NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{1,39}", message = "must be 2 to 40 of A-Z, 0-9 and _") String code,
                           @Schema(examples = "上门理发") @NotBlank @Size(max = 50) String nameZh,
                           @Schema(examples = "Haircut at home") @NotBlank @Size(max = 80) String nameEn) {
    }

    public Category toCategory() {
        for (Urgency u : Urgency.values()) {
            if (!sla.containsKey(u)) {
                throw ProblemException.invalidField("sla", "needs targets for every urgency: missing " + u);
            }
        }
        Map<Urgency, SlaTargets> targets = new java.util.EnumMap<>(Urgency.class);
        sla.forEach((u, s) -> targets.put(u, new SlaTargets(s.dispatchMinutes(), s.acceptMinutes(), s.completeMinutes())));
        List<Category.ServiceItem> serviceItems = items == null ? List.of()
                : items.stream().map(i -> new Category.ServiceItem(i.code(), i.nameZh().trim(), i.nameEn().trim())).toList();
        if (serviceItems.stream().map(Category.ServiceItem::code).distinct().count() != serviceItems.size()) {
            throw ProblemException.invalidField("items", "item codes must be unique");
        }
        return new Category(code, nameZh.trim(), nameEn.trim(), descriptionZh, descriptionEn, icon, defaultUrgency,
                targets, serviceItems, active == null || active, slaClock == SlaClock.NATURAL ? null : slaClock);
    }
}
