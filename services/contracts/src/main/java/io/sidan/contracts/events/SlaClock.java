package io.sidan.contracts.events;

/** How a category's SLA clocks count: around the clock, or in working time (working hours on working days). */
public enum SlaClock {
    NATURAL,
    /** 12345-style commitments: only working hours on working days count (the working-day calendar). */
    WORKING
}
