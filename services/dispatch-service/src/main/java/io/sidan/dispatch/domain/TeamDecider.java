package io.sidan.dispatch.domain;

import java.util.List;

import io.sidan.contracts.events.TeamEvent;
import io.sidan.contracts.domain.Decider;
import io.sidan.contracts.domain.Rejection;

/** Rules of the team registry: an id is registered once, then updated with whole profiles. */
public final class TeamDecider {

    private TeamDecider() {
    }

    /** This decider, for the command handler: the state is whether the team exists. */
    public static final Decider<Boolean, TeamCommand, TeamEvent> DECIDER =
            Decider.of(false, TeamDecider::decide, (exists, event, at) -> true, TeamEvent.class);

    public static List<TeamEvent> decide(TeamCommand command, boolean exists) {
        return switch (command) {
            case TeamCommand.Register c -> {
                if (exists) {
                    throw new Rejection("Team " + c.team().teamId() + " is registered already; update it instead.");
                }
                yield List.of(new TeamEvent.Registered(c.team()));
            }
            case TeamCommand.Update c -> {
                if (!exists) {
                    throw new Rejection("Team " + c.team().teamId() + " is not registered.");
                }
                yield List.of(new TeamEvent.Updated(c.team()));
            }
        };
    }
}
