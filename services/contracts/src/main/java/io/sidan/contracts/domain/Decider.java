package io.sidan.contracts.domain;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

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

    /** How an event changes a state. */
    @FunctionalInterface
    interface Evolve<S, E> {
        S apply(S state, E event, Instant at);
    }

    /** A decider made of its parts, so a rules class can offer its pure functions as one. */
    static <S, C, E extends SidanEvent> Decider<S, C, E> of(S initialState, BiFunction<C, S, List<E>> decide,
                                                            Evolve<S, E> evolve, Class<E> eventType) {
        return new Decider<>() {
            @Override
            public S initialState() {
                return initialState;
            }

            @Override
            public List<E> decide(C command, S state) {
                return decide.apply(command, state);
            }

            @Override
            public S evolve(S state, E event, Instant at) {
                return evolve.apply(state, event, at);
            }

            @Override
            public Class<E> eventType() {
                return eventType;
            }
        };
    }
}
