package io.sidan.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import io.sidan.contracts.domain.Decider;
import io.sidan.contracts.domain.Rejection;
import io.sidan.contracts.events.SidanEvent;

/**
 * Given / when / then for a {@link Decider}: past events fold into a state, a command decides, and the test
 * states the new events or the refusal:
 *
 * <pre>{@code
 * DeciderSpec.of(RequestDecider.DECIDER).given(submitted(), completed())
 *         .when(new RequestCommand.Reopen(...))
 *         .thenEmits(new RequestEvent.Reopened(...));
 * }</pre>
 *
 * Events happen a minute apart from {@link #START}, unless {@link Given#at} says when.
 */
public final class DeciderSpec<S, C, E extends SidanEvent> {

    /** When the first given event happened. */
    public static final Instant START = Instant.parse("2026-03-05T08:00:00Z");

    private final Decider<S, C, E> decider;

    private DeciderSpec(Decider<S, C, E> decider) {
        this.decider = decider;
    }

    public static <S, C, E extends SidanEvent> DeciderSpec<S, C, E> of(Decider<S, C, E> decider) {
        return new DeciderSpec<>(decider);
    }

    @SafeVarargs
    public final Given given(E... events) {
        return new Given(decider.initialState(), START).and(events);
    }

    /** The past of a stream: its state after the events so far. */
    public final class Given {

        private final S state;
        private final Instant next;

        private Given(S state, Instant next) {
            this.state = state;
            this.next = next;
        }

        /** More events, a minute apart. */
        @SafeVarargs
        public final Given and(E... events) {
            S s = state;
            Instant at = next;
            for (E event : events) {
                s = decider.evolve(s, event, at);
                at = at.plus(Duration.ofMinutes(1));
            }
            return new Given(s, at);
        }

        /**
         * A change of the state that does not come from this decider's own events: what other services
         * reported, for a decider whose state folds those too.
         */
        public Given with(UnaryOperator<S> change) {
            return new Given(change.apply(state), next);
        }

        /** When the next event happens. */
        public Instant now() {
            return next;
        }

        /** The next events happen at {@code at}. */
        public Given at(Instant at) {
            return new Given(state, at);
        }

        public S state() {
            return state;
        }

        public When when(C command) {
            return new When(state, command);
        }
    }

    /** A command against that past. */
    public final class When {

        private final S state;
        private final C command;

        private When(S state, C command) {
            this.state = state;
            this.command = command;
        }

        /** The command is accepted and means exactly these events, in this order. */
        @SafeVarargs
        public final List<E> thenEmits(E... expected) {
            List<E> actual = decider.decide(command, state);
            if (!actual.equals(List.of(expected))) {
                throw new AssertionError("given that past, " + command + "\n expected the events " + List.of(expected)
                        + "\n but the decider gave " + actual);
            }
            return actual;
        }

        /** The command is accepted and changes nothing (a repeat, say). */
        public void thenNothingHappens() {
            List<E> actual = decider.decide(command, state);
            if (!actual.isEmpty()) {
                throw new AssertionError("given that past, " + command + "\n expected no events but the decider gave " + actual);
            }
        }

        /** The command is refused with a {@link Rejection} whose message contains {@code fragment}. */
        public Rejection thenRejects(String fragment) {
            return thenFails(Rejection.class, fragment);
        }

        /** The command fails with this type of exception, its message containing {@code fragment}. */
        public <X extends RuntimeException> X thenFails(Class<X> type, String fragment) {
            try {
                List<E> actual = decider.decide(command, state);
                throw new AssertionError("given that past, " + command + "\n expected a " + type.getSimpleName()
                        + " but the decider gave " + actual);
            } catch (RuntimeException e) {
                if (!type.isInstance(e)) {
                    throw new AssertionError("expected a " + type.getSimpleName() + " but got " + e, e);
                }
                if (e.getMessage() == null || !e.getMessage().contains(fragment)) {
                    throw new AssertionError("expected the " + type.getSimpleName() + " to say \"" + fragment
                            + "\" but it said \"" + e.getMessage() + "\"", e);
                }
                return type.cast(e);
            }
        }
    }
}
