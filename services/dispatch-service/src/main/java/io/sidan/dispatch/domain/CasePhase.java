package io.sidan.dispatch.domain;

/** Where a case is in the dispatch service. */
public enum CasePhase {
    /** In the queue, waiting for a team. */
    WAITING,
    /** Offered to several teams; the first to accept gets it (抢单). */
    OFFERED,
    /** Assigned to one team, waiting for it to accept by the deadline. */
    ASSIGNED,
    ACCEPTED,
    IN_SERVICE,
    COMPLETED,
    REJECTED,
    CANCELLED;

    /** Waiting for some team to take it: in the queue, offered or assigned but not yet accepted. */
    public boolean awaitingTeam() {
        return this == WAITING || this == OFFERED || this == ASSIGNED;
    }

    /** A team has it and is working on it: counts against the team's capacity. */
    public boolean withTeam() {
        return this == ACCEPTED || this == IN_SERVICE;
    }

    public boolean finished() {
        return this == COMPLETED || this == REJECTED || this == CANCELLED;
    }
}
