package io.sidan.contracts.events;

/**
 * Service-level targets in minutes, counted from submission: dispatch within, accept within (after
 * each assignment) and complete within.
 */
public record SlaTargets(int dispatchMinutes, int acceptMinutes, int completeMinutes) {
}
