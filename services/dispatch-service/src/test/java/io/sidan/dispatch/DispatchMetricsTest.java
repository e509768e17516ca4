package io.sidan.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.sidan.contracts.events.Urgency;
import io.sidan.dispatch.application.CaseApplication;
import io.sidan.dispatch.application.CaseMetrics;
import io.sidan.testing.Metrics;
import io.sidan.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The series docs/operations.md documents for dispatch, after a lifecycle, with plausible values. */
@QuarkusTest
class DispatchMetricsTest {

    @Inject
    CaseApplication cases;

    @Inject
    CaseMetrics metrics;

    @AfterEach
    void resetClock() {
        MutableClock.get().reset();
    }

    @Test
    void aLifecycleAndAMissedDeadlineShowInTheMetrics() {
        Metrics before = Metrics.scrape();
        Scenario s = new Scenario();
        String red = s.team("red", 3, true);
        String blue = s.team("blue", 3, true);
        s.submit(Urgency.EMERGENCY); // stays in the queue
        String id = s.submit(Urgency.LOW);
        Scenario.assign(id, blue).then().statusCode(200);
        MutableClock.get().advance(Duration.ofHours(24).plusMinutes(20)); // LOW: 24 hours to accept
        cases.checkDeadlines(MutableClock.get().instant()); // blue never answered: an accept deadline missed
        Scenario.assign(id, red).then().statusCode(200);
        Scenario.act(red, id, "accept", null).then().statusCode(200);
        Scenario.act(red, id, "start", null).then().statusCode(200);
        Scenario.act(red, id, "complete", Map.of("summary", "已完成", "volunteerHours", List.of(Map.of("volunteerId", "v-red-1", "hours", 1))))
                .then().statusCode(200);
        metrics.refreshWaiting();
        Metrics after = Metrics.scrape();

        Map<String, String> low = Map.of("urgency", "LOW");
        assertThat(delta(before, after, "sidan_case_time_to_dispatch_seconds_count", low)).isEqualTo(1);
        assertThat(delta(before, after, "sidan_case_time_to_accept_seconds_count", low)).isEqualTo(1);
        assertThat(delta(before, after, "sidan_case_time_to_complete_seconds_count", low)).isEqualTo(1);
        // accepted 24 h 20 min after the first dispatch: past the 8-hour bucket, within the 3-day one
        assertThat(delta(before, after, "sidan_case_time_to_accept_seconds_bucket", Map.of("urgency", "LOW", "le", "28800.0"))).isZero();
        assertThat(delta(before, after, "sidan_case_time_to_accept_seconds_bucket", Map.of("urgency", "LOW", "le", "259200.0"))).isEqualTo(1);
        assertThat(delta(before, after, "sidan_sla_breaches_total", Map.of("urgency", "LOW", "clock", "accept"))).isGreaterThanOrEqualTo(1); // the clock may expire older tests' cases too
        assertThat(after.sum("sidan_cases_waiting", Map.of("urgency", "EMERGENCY"))).isGreaterThanOrEqualTo(1);
        assertThat(after.sum("sidan_cases_waiting", Map.of("urgency", "LOW", "escalation", "2+"))).isGreaterThanOrEqualTo(0);
    }

    private static double delta(Metrics before, Metrics after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sumOrZero(name, labels);
    }
}
