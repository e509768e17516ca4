package io.sidan.request.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.events.Category;
import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.TimeWindow;
import io.sidan.contracts.events.Urgency;
import org.junit.jupiter.api.Test;

/** What a submission must satisfy to become a request (SubmissionRules); docs/rules.md links here. */
class SubmissionRulesTest {

    static final String ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final Actor RESIDENT = new Actor(Actor.RESIDENT, "sub-1", "wang");
    static final Actor DISPATCHER = new Actor(Actor.DISPATCHER, "sub-9", "li");
    static final Map<Urgency, SlaTargets> SLA = Map.of(Urgency.LOW, new SlaTargets(60, 480, 10080),
            Urgency.NORMAL, new SlaTargets(30, 240, 4320), Urgency.HIGH, new SlaTargets(15, 60, 1440),
            Urgency.EMERGENCY, new SlaTargets(5, 15, 240));
    static final Category ELDERLY_CARE = new Category("ELDERLY_CARE", "助老助残", "Elderly care", null, null, null, Urgency.NORMAL,
            SLA, List.of(new Category.ServiceItem("HAIRCUT", "上门理发", "Haircut")), true);

    static NewRequest input(String item, Urgency urgency, TimeWindow window, Channel channel, String requesterName) {
        return new NewRequest("ELDERLY_CARE", item, " 上门理发 ", " 行动不便 ", new Location("G-1", " 和平里3号楼 ", 39.9, 116.4),
                urgency, " 13912345678 ", window, channel, requesterName);
    }

    static NewRequest plain() {
        return input(null, null, null, null, null);
    }

    @Test
    void aResidentsSubmissionBecomesTheirRequestWithTheCategorysDefaultsAndTrimmedText() {
        // the resident's name is the account's, which the API puts into the submission
        RequestCommand.Submit submit = SubmissionRules.submit(ID, input(null, null, null, null, " 王阿姨 "), RESIDENT,
                Optional.of(ELDERLY_CARE), true);
        assertThat(submit).isEqualTo(new RequestCommand.Submit(ID, "sub-1", "王阿姨", Channel.APP, "ELDERLY_CARE", null,
                "上门理发", "行动不便", new Location("G-1", "和平里3号楼", 39.9, 116.4), Urgency.NORMAL, "13912345678", null,
                SLA.get(Urgency.NORMAL)));
    }

    @Test
    void coordinatesAreKeptToAboutAKilometre() {
        NewRequest precise = new NewRequest("ELDERLY_CARE", null, "上门理发", "行动不便", new Location("G-1", "和平里3号楼", 39.95512, 116.41773),
                null, "13912345678", null, null, "王阿姨");
        Location kept = SubmissionRules.submit(ID, precise, RESIDENT, Optional.of(ELDERLY_CARE), true).location();
        assertThat(kept.lat()).isEqualTo(39.96);
        assertThat(kept.lon()).isEqualTo(116.42);
    }

    @Test
    void theSlaIsTheCategorysForTheChosenUrgency() {
        assertThat(SubmissionRules.submit(ID, input("HAIRCUT", Urgency.EMERGENCY, null, Channel.KIOSK, null), RESIDENT,
                Optional.of(ELDERLY_CARE), true).sla()).isEqualTo(new SlaTargets(5, 15, 240));
    }

    @Test
    void aDispatcherFilesForANamedCallerByPhoneByDefault() {
        RequestCommand.Submit submit = SubmissionRules.submit(ID, input(null, null, null, null, " 张阿姨 "), DISPATCHER,
                Optional.of(ELDERLY_CARE), true);
        assertThat(submit.channel()).isEqualTo(Channel.PHONE);
        assertThat(submit.requesterName()).isEqualTo("张阿姨");
        assertThat(submit.requesterId()).isNull();
        assertField(() -> SubmissionRules.submit(ID, plain(), DISPATCHER, Optional.of(ELDERLY_CARE), true), "requesterName");
    }

    @Test
    void residentsSubmitOnlyThroughTheAppOrAKiosk() {
        assertField(() -> SubmissionRules.submit(ID, input(null, null, null, Channel.PHONE, null), RESIDENT,
                Optional.of(ELDERLY_CARE), true), "channel");
    }

    @Test
    void theCategoryMustBeActiveAndTheItemAndGridItsOwn() {
        Category paused = new Category("ELDERLY_CARE", "助老助残", "Elderly care", null, null, null, Urgency.NORMAL, SLA,
                List.of(), false);
        assertField(() -> SubmissionRules.submit(ID, plain(), RESIDENT, Optional.empty(), true), "category");
        assertField(() -> SubmissionRules.submit(ID, plain(), RESIDENT, Optional.of(paused), true), "category");
        assertField(() -> SubmissionRules.submit(ID, input("PLUMBING", null, null, null, null), RESIDENT,
                Optional.of(ELDERLY_CARE), true), "item");
        assertField(() -> SubmissionRules.submit(ID, plain(), RESIDENT, Optional.of(ELDERLY_CARE), false), "location.grid");
    }

    @Test
    void aPreferredWindowEndsAfterItStarts() {
        Instant t = Instant.parse("2026-03-06T01:00:00Z");
        assertField(() -> SubmissionRules.submit(ID, input(null, null, new TimeWindow(t, t), null, null), RESIDENT,
                Optional.of(ELDERLY_CARE), true), "preferredWindow.to");
        assertThat(SubmissionRules.submit(ID, input(null, null, new TimeWindow(t, t.plusSeconds(3600)), null, null), RESIDENT,
                Optional.of(ELDERLY_CARE), true).preferredWindow()).isEqualTo(new TimeWindow(t, t.plusSeconds(3600)));
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
