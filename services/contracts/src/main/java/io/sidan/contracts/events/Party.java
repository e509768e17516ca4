package io.sidan.contracts.events;

/**
 * Who rates (多元评单): the resident who asked, the platform's dispatcher, a community or third-party
 * reviewer, and the team itself (kept apart from the team's own score).
 */
public enum Party {
    RESIDENT, DISPATCHER, REVIEWER, TEAM
}
