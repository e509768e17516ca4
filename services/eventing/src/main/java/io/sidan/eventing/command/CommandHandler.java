package io.sidan.eventing.command;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.sidan.contracts.domain.Decider;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.eventing.store.AppendResult;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.eventing.trace.EventTracing;
import io.sidan.eventing.tx.LockKeys;

/**
 * The one way a command is handled, in the caller's transaction (every service, every stream):
 * <ol>
 *   <li>take the stream's lock (a transaction-scoped advisory lock: commands on one stream queue up
 *       instead of failing, also before the stream has its first event);</li>
 *   <li>read the stream and fold it with the decider, and build the command from that state;</li>
 *   <li>check the version the caller read ({@code If-Match}): a moved stream is a {@link StaleVersion};</li>
 *   <li>decide, and append the new events at the version read;</li>
 *   <li>give back the new events, decoded and with their envelopes, for the projections of the same
 *       transaction.</li>
 * </ol>
 * A command that can only start a stream ({@link #start}) needs neither lock nor read: the store's
 * {@code (stream_id, version)} key refuses a second start ({@code ConcurrencyConflict}), or, for a start its
 * cause may repeat ({@link #startUnlessStarted}), leaves the stream as it is. A command on a
 * stream a projection keeps folded ({@link #handleFrom}) starts from that {@link Snapshot} and reads only
 * the stream's first event (for its trace), the one the snapshot ends with and any after it. The append
 * chains to the newest event read, so the store need not read its hash again.
 *
 * <p>Each command runs in a span of the trace its stream began in, linked to the caller's span
 * ({@link EventTracing#command}); a new stream's command, in the caller's trace.
 */
public final class CommandHandler<S, C, E extends SidanEvent> {

    /** Builds the command once the state is known (a deadline from the case's urgency, say). */
    @FunctionalInterface
    public interface CommandFor<S, C> {
        C build(S state) throws SQLException;
    }

    /** One new event as decided and as stored. */
    public record Appended<E>(E event, EventEnvelope envelope) {
    }

    /**
     * A state folded earlier from a stream's events up to {@code version} (kept by a projection in the same
     * database, written in the same transactions as the events, so it is never ahead of the stream).
     */
    public record Snapshot<S>(S state, long version) {
    }

    /**
     * What a command did: the state and version after it, the events it appended (none: nothing to
     * do), and the whole stream as it now is, stored and decoded ({@code history}: the events the decider
     * knows, each decoded once, for the projections of the same transaction). From a {@link Snapshot},
     * {@code stream} is the stream's first event and those from the snapshot's version on, and {@code history} the
     * events after the snapshot: what is to be folded onto it.
     */
    public record Outcome<S, E>(String streamId, S state, long version, List<Appended<E>> appended, List<StoredEvent> stream,
                                List<Appended<E>> history) {

        public boolean changed() {
            return !appended.isEmpty();
        }
    }

    private final EventStore store;
    private final Decider<S, C, E> decider;

    public CommandHandler(EventStore store, Decider<S, C, E> decider) {
        this.store = store;
        this.decider = decider;
    }

    /** Handles a command on a stream that may exist; folds from the decider's initial state. */
    public Outcome<S, E> handle(Connection c, String streamId, CommandFor<S, C> command, EventMetadata metadata,
                                OptionalLong expectedVersion) throws SQLException {
        return handle(c, streamId, decider.initialState(), command, metadata, expectedVersion);
    }

    /**
     * Handles a command, folding the stream's events onto {@code initial} (facts the stream's state
     * also rests on, such as what other services reported about it, read after {@link #lock}).
     */
    public Outcome<S, E> handle(Connection c, String streamId, S initial, CommandFor<S, C> command, EventMetadata metadata,
                                OptionalLong expectedVersion) throws SQLException {
        lock(c, streamId);
        List<StoredEvent> stream = store.readStream(c, streamId);
        return foldAndDecide(c, streamId, initial, 0, stream, stream, command, metadata, expectedVersion);
    }

    /**
     * Handles a command from a snapshot of the stream's state: only the events after it are read and folded
     * onto it (normally none). The caller holds the stream's {@link #lock} (taken before it read the snapshot).
     */
    public Outcome<S, E> handleFrom(Connection c, String streamId, Snapshot<S> snapshot, CommandFor<S, C> command,
                                    EventMetadata metadata, OptionalLong expectedVersion) throws SQLException {
        List<StoredEvent> read = store.readStreamFirstAndFrom(c, streamId, snapshot.version());
        List<StoredEvent> after = read.stream().filter(e -> e.envelope().streamVersion() > snapshot.version()).toList();
        return foldAndDecide(c, streamId, snapshot.state(), snapshot.version(), read, after, command, metadata, expectedVersion);
    }

    /** Folds {@code events} onto the state at {@code version}, builds and checks the command, decides and appends. */
    private Outcome<S, E> foldAndDecide(Connection c, String streamId, S state, long version, List<StoredEvent> stream,
                                        List<StoredEvent> events, CommandFor<S, C> command, EventMetadata metadata,
                                        OptionalLong expectedVersion) throws SQLException {
        // the command joins the trace its stream began in (the resident's submit, say)
        try (EventTracing.Traced span = store.tracing().command(streamId, stream.isEmpty() ? null : stream.getFirst().trace())) {
            try {
                List<Appended<E>> history = new ArrayList<>(events.size() + 1);
                for (StoredEvent e : events) {
                    E event = decode(e.envelope());
                    if (event != null) {
                        state = decider.evolve(state, event, e.envelope().occurredAt());
                        history.add(new Appended<>(event, e.envelope()));
                    }
                    version = e.envelope().streamVersion();
                }
                C built = command.build(state); // the command's own preconditions (the item exists, say) come first
                span.rename("command " + built.getClass().getSimpleName());
                if (expectedVersion.isPresent() && expectedVersion.getAsLong() != version) {
                    throw new StaleVersion(streamId, expectedVersion.getAsLong(), version);
                }
                return decideAndAppend(c, streamId, state, version, built, metadata, stream, history);
            } catch (SQLException | RuntimeException e) {
                span.failed(e);
                throw e;
            }
        }
    }

    /** Handles a command that starts a stream: no lock, no read; a stream that exists already is a conflict. */
    public Outcome<S, E> start(Connection c, String streamId, S initial, C command, EventMetadata metadata) throws SQLException {
        return inNewStreamSpan(streamId, command,
                () -> decideAndAppend(c, streamId, initial, 0, command, metadata, List.of(), List.of()));
    }

    /**
     * Handles a command that starts a stream unless it was started already (its cause delivered again, say): no
     * lock, no read. Empty when the stream exists; nothing was written then.
     */
    public Optional<Outcome<S, E>> startUnlessStarted(Connection c, String streamId, C command, EventMetadata metadata)
            throws SQLException {
        return inNewStreamSpan(streamId, command, () -> {
            S initial = decider.initialState();
            List<E> events = decider.decide(command, initial);
            if (events.isEmpty()) {
                return Optional.empty();
            }
            return store.appendIfNew(c, streamId, events, metadata)
                    .map(r -> appendedTo(streamId, initial, 0, events, r, List.of(), List.of()));
        });
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** A new stream's command runs in a span of the caller's trace, named after the command. */
    private <T> T inNewStreamSpan(String streamId, C command, SqlWork<T> work) throws SQLException {
        try (EventTracing.Traced span = store.tracing().command(streamId, null)) {
            span.rename("command " + command.getClass().getSimpleName());
            try {
                return work.run();
            } catch (SQLException | RuntimeException e) {
                span.failed(e);
                throw e;
            }
        }
    }

    /** Like {@link #start}, from the decider's initial state. */
    public Outcome<S, E> start(Connection c, String streamId, C command, EventMetadata metadata) throws SQLException {
        return start(c, streamId, decider.initialState(), command, metadata);
    }

    /** Serializes the commands on one stream until the transaction ends (re-entrant within it). */
    public void lock(Connection c, String streamId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            s.setLong(1, LockKeys.of("stream:" + streamId));
            s.executeQuery().close();
        }
    }

    private Outcome<S, E> decideAndAppend(Connection c, String streamId, S state, long version, C command,
                                          EventMetadata metadata, List<StoredEvent> stream, List<Appended<E>> history)
            throws SQLException {
        List<E> events = decider.decide(command, state);
        if (events.isEmpty()) {
            return new Outcome<>(streamId, state, version, List.of(), stream, List.copyOf(history));
        }
        // under the lock nothing else moves the stream; only a second start of one stream can conflict
        EventEnvelope head = stream.isEmpty() ? null : stream.getLast().envelope();
        AppendResult result = head != null && head.streamVersion() == version
                ? store.appendAfter(c, head, events, metadata)
                : store.append(c, streamId, version, events, metadata);
        return appendedTo(streamId, state, version, events, result, stream, history);
    }

    private Outcome<S, E> appendedTo(String streamId, S state, long version, List<E> events, AppendResult result,
                                     List<StoredEvent> stream, List<Appended<E>> history) {
        List<Appended<E>> appended = new ArrayList<>(events.size());
        List<StoredEvent> after = new ArrayList<>(stream);
        List<Appended<E>> historyAfter = new ArrayList<>(history);
        S now = state;
        for (int i = 0; i < events.size(); i++) {
            EventEnvelope envelope = result.appended().get(i);
            appended.add(new Appended<>(events.get(i), envelope));
            after.add(new StoredEvent(0, null, envelope));
            now = decider.evolve(now, events.get(i), envelope.occurredAt());
        }
        historyAfter.addAll(appended);
        return new Outcome<>(streamId, now, version + events.size(), List.copyOf(appended), List.copyOf(after),
                List.copyOf(historyAfter));
    }

    private E decode(EventEnvelope envelope) {
        SidanEvent event = store.catalogue().decode(envelope).orElse(null);
        return decider.eventType().isInstance(event) ? decider.eventType().cast(event) : null;
    }
}
