package io.sidan.contracts.events;

/**
 * Every fact Sidan records. One sealed family per producing stream kind; each family's records carry
 * an {@link EventType} with their stable name.
 */
public sealed interface SidanEvent permits RequestEvent, CatalogueEvent, CalendarEvent, ErasureEvent, CaseEvent, TeamEvent, RatingEvent, IntegrityEvent {
}
