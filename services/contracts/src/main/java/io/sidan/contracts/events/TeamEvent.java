package io.sidan.contracts.events;

/** Team registry changes (stream id = team id), produced by the dispatch service. */
public sealed interface TeamEvent extends SidanEvent {

    TeamProfile team();

    @EventType(name = "team.registered")
    record Registered(TeamProfile team) implements TeamEvent {
    }

    /** Carries the whole new profile, not a diff. */
    @EventType(name = "team.updated")
    record Updated(TeamProfile team) implements TeamEvent {
    }
}
