package io.sidan.contracts;

import java.util.List;

import io.sidan.contracts.events.CalendarEvent;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.CatalogueEvent;
import io.sidan.contracts.events.ErasureEvent;
import io.sidan.contracts.events.IntegrityEvent;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.contracts.events.TeamEvent;

/** Kafka topics: one per producing service and stream kind; each consumer's dead letters go to {@code <topic>.dlq}. */
public final class Topics {

    public static final String REQUEST_EVENTS = "sidan.request.events";
    public static final String DISPATCH_EVENTS = "sidan.dispatch.events";
    public static final String RATING_EVENTS = "sidan.rating.events";
    public static final String TEAM_EVENTS = "sidan.team.events";
    /** Every service's signed checkpoints, read by every service. */
    public static final String INTEGRITY_EVENTS = "sidan.integrity.events";

    public static final List<String> ALL = List.of(REQUEST_EVENTS, DISPATCH_EVENTS, RATING_EVENTS, TEAM_EVENTS,
            INTEGRITY_EVENTS);

    private Topics() {
    }

    /** The topic an event is published to. */
    public static String of(SidanEvent event) {
        return switch (event) {
            case RequestEvent e -> REQUEST_EVENTS;
            case CatalogueEvent e -> REQUEST_EVENTS;
            case ErasureEvent e -> REQUEST_EVENTS;
            case CalendarEvent e -> REQUEST_EVENTS;
            case CaseEvent e -> DISPATCH_EVENTS;
            case TeamEvent e -> TEAM_EVENTS;
            case RatingEvent e -> RATING_EVENTS;
            case IntegrityEvent e -> INTEGRITY_EVENTS;
        };
    }

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
