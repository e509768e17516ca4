package io.sidan.dispatch.domain;

import io.sidan.contracts.events.TeamProfile;

/** Admin changes to the team registry. */
public sealed interface TeamCommand {

    record Register(TeamProfile team) implements TeamCommand {
    }

    record Update(TeamProfile team) implements TeamCommand {
    }
}
