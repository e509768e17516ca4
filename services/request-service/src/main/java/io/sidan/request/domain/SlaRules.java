package io.sidan.request.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;

/**
 * A category's SLA targets are the one source of every deadline (dispatch's accept deadlines and
 * completion escalation, the audit's verdicts, the console's countdowns), so they must make sense
 * together: every urgency has targets, a more urgent request never gets a longer target than a less
 * urgent one, and a team dispatched and accepting on time can still complete on time.
 */
public final class SlaRules {

    private static final List<Urgency> MOST_URGENT_FIRST = List.of(Urgency.EMERGENCY, Urgency.HIGH, Urgency.NORMAL, Urgency.LOW);
    private static final Map<String, ToIntFunction<SlaTargets>> CLOCKS = Map.of("dispatchMinutes", SlaTargets::dispatchMinutes,
            "acceptMinutes", SlaTargets::acceptMinutes, "completeMinutes", SlaTargets::completeMinutes);

    private SlaRules() {
    }

    /** What is wrong with the targets; empty when they are consistent. */
    public static List<String> problems(Map<Urgency, SlaTargets> sla) {
        List<String> problems = new ArrayList<>();
        for (Urgency u : MOST_URGENT_FIRST) {
            if (sla == null || sla.get(u) == null) {
                problems.add("no targets for " + u);
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        CLOCKS.forEach((name, clock) -> {
            for (int i = 1; i < MOST_URGENT_FIRST.size(); i++) {
                Urgency more = MOST_URGENT_FIRST.get(i - 1);
                Urgency less = MOST_URGENT_FIRST.get(i);
                if (clock.applyAsInt(sla.get(more)) > clock.applyAsInt(sla.get(less))) {
                    problems.add(name + " of " + more + " is longer than of " + less);
                }
            }
        });
        sla.forEach((u, t) -> {
            if (t.dispatchMinutes() + t.acceptMinutes() >= t.completeMinutes()) {
                problems.add(u + ": dispatchMinutes + acceptMinutes must be less than completeMinutes");
            }
        });
        return problems;
    }

    /** Refuses inconsistent targets (HTTP 400 on the {@code sla} field). */
    public static void require(Map<Urgency, SlaTargets> sla) {
        List<String> problems = problems(sla);
        if (!problems.isEmpty()) {
            throw new InvalidInput("sla", String.join("; ", problems));
        }
    }
}
