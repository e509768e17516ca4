package io.sidan.request.application;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.eventing.tx.Transactions;
import io.sidan.kit.api.Etags;
import io.sidan.kit.api.ProblemException;
import io.sidan.request.config.RequestConfig;
import io.sidan.request.domain.RequestCommand;
import io.sidan.request.domain.RequestDecider;
import io.sidan.request.domain.RequestLifecycle;
import io.sidan.request.projection.ReceivedEvents;
import io.sidan.request.projection.RequestHistory;
import io.sidan.request.projection.RequestView;
import io.sidan.request.projection.RequestViewProjection;

/**
 * Command handling for requests through the one {@link CommandHandler}: the request's own events fold
 * onto what the other services reported about it, the decider decides, the events are appended at the
 * version read, and the view is updated, all in one transaction. The answer is given after the commit;
 * the events then reach Kafka through the outbox.
 */
@ApplicationScoped
public class RequestApplication {

    private final Transactions tx;
    private final MeterRegistry registry;
    private final EventStore store;
    private final CommandHandler<RequestLifecycle, RequestCommand, RequestEvent> requests;
    private final RequestViewProjection views;
    private final ReceivedEvents received;
    private final RequestConfig config;
    private final Clock clock;

    public RequestApplication(Transactions tx, EventStore store, RequestViewProjection views, ReceivedEvents received,
                              RequestConfig config, Clock clock, MeterRegistry registry) {
        this.registry = registry;
        this.tx = tx;
        this.store = store;
        this.requests = new CommandHandler<>(store, RequestDecider.DECIDER);
        this.views = views;
        this.received = received;
        this.config = config;
        this.clock = clock;
    }

    /** The outcome of a submission: the request, and whether it is a replay of an earlier identical one. */
    public record Submission(RequestView view, boolean replayed) {
    }

    /** An {@code Idempotency-Key} of one caller with the hash of the body it came with. */
    public record IdempotencyKey(String caller, String key, String bodyHash) {
    }

    public Submission submit(RequestCommand.Submit command, EventMetadata metadata, IdempotencyKey idempotency) {
        Submission submission = tx.inTransaction(c -> {
            if (idempotency != null) {
                String earlier = claimKey(c, idempotency, command.requestId());
                if (earlier != null) {
                    return new Submission(RequestView.findById(earlier), true);
                }
            }
            // a new stream: no lock, no read (a second submission of one id fails on the store's key)
            CommandHandler.Outcome<RequestLifecycle, RequestEvent> outcome = requests.start(c, command.requestId(), command, metadata);
            return new Submission(views.refresh(c, new RequestHistory(command.requestId(), outcome.stream(), List.of()))
                    .orElseThrow(), false);
        });
        if (!submission.replayed()) { // counted after the commit, by category and channel (never by resident)
            Counter.builder("sidan.requests.submitted").description("requests submitted (群众点单), by category and channel")
                    .tags("category", submission.view().category, "channel", submission.view().channel)
                    .register(registry).increment();
        }
        return submission;
    }

    public RequestView cancel(String requestId, String reason, EventMetadata metadata, String ifMatch) {
        return tx.inTransaction(c -> execute(c, requestId, new RequestCommand.Cancel(reason), metadata, ifMatch));
    }

    public RequestView reopen(String requestId, String reason, EventMetadata metadata, String ifMatch) {
        return tx.inTransaction(c -> execute(c, requestId,
                new RequestCommand.Reopen(reason, clock.instant(), config.reopenWindow()), metadata, ifMatch));
    }

    /** Closes a round after its rating was finalized; runs in the consumer's transaction. */
    public void closeAfterRating(Connection c, String requestId, int round, Double composite, EventEnvelope cause)
            throws SQLException {
        execute(c, requestId, new RequestCommand.Close(round, composite), new EventMetadata(
                Actor.system(store.source()), cause.correlationId(), cause.eventId().toString()), null);
    }

    /** Refreshes the view after a foreign event was kept; runs in the consumer's transaction. */
    public void refresh(Connection c, String requestId) throws SQLException {
        requests.lock(c, requestId); // the same lock as the request's commands
        views.refresh(c, views.load(c, requestId));
    }

    private RequestView execute(Connection c, String requestId, RequestCommand command, EventMetadata metadata,
                                String ifMatch) throws SQLException {
        requests.lock(c, requestId);
        List<EventEnvelope> reported = received.forRequest(c, requestId);
        CommandHandler.Outcome<RequestLifecycle, RequestEvent> outcome = requests.handle(c, requestId,
                RequestHistory.reported(requestId, reported, store.catalogue()), state -> {
                    if (!state.request().exists()) {
                        throw ProblemException.notFound("There is no request " + requestId + ".");
                    }
                    return command;
                }, metadata, Etags.ifMatch(ifMatch));
        if (!outcome.changed()) {
            return RequestView.findById(requestId);
        }
        return views.refresh(c, new RequestHistory(requestId, outcome.stream(), reported)).orElseThrow();
    }

    /**
     * Claims an idempotency key for this submission. Returns null when the key is new (go ahead), or
     * the id of the request an earlier identical submission created. A concurrent twin waits here on
     * the key's row until the first commits.
     */
    private String claimKey(Connection c, IdempotencyKey key, String newRequestId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into idempotency_keys (caller, idem_key, body_hash, "
                + "request_id, created_at) values (?, ?, ?, ?, ?) on conflict do nothing")) {
            s.setString(1, key.caller());
            s.setString(2, key.key());
            s.setString(3, key.bodyHash());
            s.setString(4, newRequestId);
            s.setObject(5, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            if (s.executeUpdate() == 1) {
                return null;
            }
        }
        try (PreparedStatement s = c.prepareStatement("select body_hash, request_id from idempotency_keys "
                + "where caller = ? and idem_key = ?")) {
            s.setString(1, key.caller());
            s.setString(2, key.key());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (!Objects.equals(rs.getString(1), key.bodyHash())) {
                    throw ProblemException.unprocessable("This Idempotency-Key was already used with a different "
                            + "request body; use a new key for a new request.");
                }
                return rs.getString(2);
            }
        }
    }
}
