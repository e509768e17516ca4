package io.sidan.dispatch.domain;

import java.util.List;

import io.sidan.contracts.events.TeamEvent;
import io.sidan.eventing.Rejection;

/** Rules of the team registry: an id is registered once, then updated with whole profiles. */
public final class TeamDecider {

    private TeamDecider() {
    }

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
