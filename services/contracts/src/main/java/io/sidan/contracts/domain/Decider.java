package io.sidan.contracts.domain;

import java.time.Instant;
import java.util.List;

import io.sidan.contracts.events.SidanEvent;

/**
 * A stream's rules as two pure functions (the decider of Dudycz's event-sourcing samples):
 * {@link #decide} turns a command and the current state into new events, or refuses it with a
 * {@link Rejection}; {@link #evolve} folds one event into the state. No clock (time comes with the
 * command, or with the event's moment), no database, no framework: tested as given / when / then.
 * The eventing library's {@code CommandHandler} is the one place that runs it against a stream.
 *
 * @param <S> the state of one stream
 * @param <C> the commands
 * @param <E> the events of the stream
 */
public interface Decider<S, C, E extends SidanEvent> {

    /** The state of a stream that has no events yet. */
    S initialState();

    /** The new events a command means in this state (none: nothing to do), or a {@link Rejection}. */
    List<E> decide(C command, S state);

    /** The state after one more event, which happened at {@code at}. */
    S evolve(S state, E event, Instant at);

    /** The events this decider folds (a stream holds nothing else). */
    Class<E> eventType();
}
