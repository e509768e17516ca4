package io.sidan.contracts.events;

/** Which SLA clock a case's escalation comes from. */
public enum EscalationCause {
    /** Waiting in the queue past its dispatch target. */
    DISPATCH_OVERDUE,
    /** An assignment or offer nobody accepted in time. */
    ACCEPT_EXPIRED,
    /** Not completed within its completion target (督办). */
    COMPLETION_OVERDUE
}
