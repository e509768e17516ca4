package io.sidan.request.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.Category;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;
import org.junit.jupiter.api.Test;

/** The seeded catalogue's SLA targets, the one source of every deadline, hold together ({@link SlaRules}). */
class SeedCatalogueTest {

    @Test
    void everySeededCategoryHasConsistentTargetsForEveryUrgency() throws Exception {
        List<Category> seed;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("seed/catalogue.json")) {
            seed = EventJson.mapper().readValue(in, new TypeReference<>() {
            });
        }
        assertThat(seed).hasSizeGreaterThanOrEqualTo(9);
        seed.forEach(c -> assertThat(SlaRules.problems(c.sla())).as(c.code()).isEmpty());
        // office-hours services count their SLA in working time; help at home and emergencies around the clock
        assertThat(seed.stream().filter(c -> c.slaClock() == io.sidan.contracts.events.SlaClock.WORKING).map(c -> c.code()))
                .containsExactlyInAnyOrder("THEORY_OUTREACH", "CULTURE_ARTS", "LEGAL_AID");
    }

    @Test
    void inconsistentTargetsAreNamedAndRefused() {
        Map<Urgency, SlaTargets> sla = new EnumMap<>(Urgency.class);
        sla.put(Urgency.EMERGENCY, new SlaTargets(10, 15, 240));
        sla.put(Urgency.HIGH, new SlaTargets(30, 10, 1440)); // accepts faster than an emergency
        sla.put(Urgency.NORMAL, new SlaTargets(120, 240, 300)); // cannot be completed on time
        assertThat(SlaRules.problems(sla)).containsExactly("no targets for LOW");
        sla.put(Urgency.LOW, new SlaTargets(480, 1440, 10080));
        assertThat(SlaRules.problems(sla)).containsExactlyInAnyOrder("acceptMinutes of EMERGENCY is longer than of HIGH",
                "completeMinutes of HIGH is longer than of NORMAL",
                "NORMAL: dispatchMinutes + acceptMinutes must be less than completeMinutes");
        assertThatThrownBy(() -> SlaRules.require(sla)).isInstanceOfSatisfying(InvalidInput.class,
                e -> assertThat(e.field()).isEqualTo("sla"));
    }
}
