package io.sidan.contracts.events;

/** How soon a resident needs help; it sets the SLA clocks and the accept deadline. */
public enum Urgency {
    LOW, NORMAL, HIGH, EMERGENCY;

    /** Higher is more urgent: EMERGENCY = 3, LOW = 0. */
    public int rank() {
        return ordinal();
    }
}
