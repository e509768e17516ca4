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

import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.eventing.store.AppendResult;
import io.sidan.eventing.store.ConcurrencyConflict;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.eventing.tx.Transactions;
import io.sidan.kit.api.ProblemException;
import io.sidan.request.config.RequestConfig;
import io.sidan.request.domain.RequestCommand;
import io.sidan.request.domain.RequestDecider;
import io.sidan.request.projection.RequestHistory;
import io.sidan.request.projection.RequestView;
import io.sidan.request.projection.RequestViewProjection;

/**
 * Command handling for requests: in one transaction, lock and load the request's history, let the
 * decider decide, append the new events with the expected version, and update the view. The answer
 * is given after the commit; the events then reach Kafka through the outbox.
 */
@ApplicationScoped
public class RequestApplication {

    private final Transactions tx;
    private final EventStore store;
    private final RequestViewProjection views;
    private final RequestConfig config;
    private final Clock clock;

    public RequestApplication(Transactions tx, EventStore store, RequestViewProjection views, RequestConfig config,
                              Clock clock) {
        this.tx = tx;
        this.store = store;
        this.views = views;
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
        return tx.inTransaction(c -> {
            if (idempotency != null) {
                String earlier = claimKey(c, idempotency, command.requestId());
                if (earlier != null) {
                    return new Submission(RequestView.findById(earlier), true);
                }
            }
            return new Submission(execute(c, command.requestId(), command, metadata, null), false);
        });
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
        views.refresh(c, views.lockAndLoad(c, requestId));
    }

    private RequestView execute(Connection c, String requestId, RequestCommand command, EventMetadata metadata,
                                String ifMatch) throws SQLException {
        RequestHistory history = views.lockAndLoad(c, requestId);
        if (!history.exists() && !(command instanceof RequestCommand.Submit)) {
            throw ProblemException.notFound("There is no request " + requestId + ".");
        }
        if (ifMatch != null && history.exists()) {
            RequestView current = RequestView.findById(requestId);
            if (current != null && !ifMatch.equals("*") && !current.etag().equals(ifMatch.trim())) {
                throw ProblemException.preconditionFailed("The request changed since you read it (now "
                        + current.etag() + "); reload it and try again.");
            }
        }
        List<RequestEvent> events = RequestDecider.decide(command, history.lifecycle(store.catalogue()));
        if (events.isEmpty()) {
            return RequestView.findById(requestId);
        }
        AppendResult appended;
        try {
            appended = store.append(c, requestId, history.version(), events, metadata);
        } catch (ConcurrencyConflict e) {
            if (ifMatch != null) {
                throw ProblemException.preconditionFailed("The request changed while you were changing it; reload it and try again.");
            }
            throw e;
        }
        List<StoredEvent> own = new ArrayList<>(history.own());
        appended.appended().forEach(e -> own.add(new StoredEvent(0, null, e)));
        RequestHistory after = new RequestHistory(requestId, own, history.received());
        return views.refresh(c, after).orElseThrow();
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
