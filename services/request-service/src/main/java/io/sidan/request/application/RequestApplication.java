package io.sidan.request.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sidan.contracts.domain.ConflictingRepeat;
import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.domain.NotFound;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.ErasureCause;
import io.sidan.contracts.events.Grid;
import io.sidan.contracts.privacy.SealedFields;
import io.sidan.contracts.privacy.SealedFields.DataKey;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.tx.Transactions;
import io.sidan.request.config.RequestConfig;
import io.sidan.request.domain.NewRequest;
import io.sidan.request.domain.RequestCommand;
import io.sidan.request.domain.RequestDecider;
import io.sidan.request.domain.RequestLifecycle;
import io.sidan.request.domain.SubmissionRules;
import io.sidan.request.projection.CatalogueQueries;
import io.sidan.request.projection.ReceivedEvents;
import io.sidan.request.projection.RequestHistory;
import io.sidan.request.projection.RequestView;
import io.sidan.request.projection.RequestViewProjection;
import org.jboss.logging.Logger;

/**
 * Command handling for requests through the one {@link CommandHandler}: the request's own events fold
 * onto what the other services reported about it, the decider decides, the events are appended at the
 * version read, and the view is updated, all in one transaction. The answer is given after the commit;
 * the events then reach Kafka through the outbox.
 */
@ApplicationScoped
public class RequestApplication {

    private static final Logger LOG = Logger.getLogger(RequestApplication.class);

    private final Transactions tx;
    private final MeterRegistry registry;
    private final EventStore store;
    private final CommandHandler<RequestLifecycle, RequestCommand, RequestEvent> requests;
    private final RequestViewProjection views;
    private final ReceivedEvents received;
    private final RequestConfig config;
    private final Clock clock;
    private final CatalogueQueries catalogue;
    private final DataKeys dataKeys;

    public RequestApplication(Transactions tx, EventStore store, RequestViewProjection views, ReceivedEvents received,
                              CatalogueQueries catalogue, DataKeys dataKeys, RequestConfig config, Clock clock,
                              MeterRegistry registry) {
        this.dataKeys = dataKeys;
        this.catalogue = catalogue;
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
    /**
     * A submission's outcome.
     *
     * @param key the request's data key when it was created now (the answer shows the resident's own fields
     *            with it, without reading it back); null for a replayed submission
     */
    public record Submission(RequestView view, boolean replayed, DataKey key) {
    }

    /** An {@code Idempotency-Key} of one caller with the hash of the submission it came with. */
    private record IdempotencyKey(String caller, String key, String bodyHash) {
    }

    /**
     * Submits a request (群众点单) by the metadata's actor, a resident or a dispatcher filing for a caller,
     * after {@link SubmissionRules} checked it against the catalogue. With an idempotency key, the same
     * submission again answers with the first request; the same key with another submission is refused.
     */
    public Submission submit(NewRequest input, EventMetadata metadata, String idempotencyKey) {
        RequestCommand.Submit command = SubmissionRules.submit(UUID.randomUUID().toString(), input, metadata.actor(),
                catalogue.category(input.category()),
                catalogue.grid(input.location().grid()).filter(Grid::active).isPresent());
        IdempotencyKey idempotency = idempotencyKey == null ? null
                : new IdempotencyKey(metadata.actor().id(), checkKey(idempotencyKey), hash(input));
        Submission submission = tx.inTransaction(c -> {
            if (idempotency != null) {
                String earlier = claimKey(c, idempotency, command.requestId());
                if (earlier != null) {
                    return new Submission(RequestView.findById(earlier), true, null);
                }
            }
            // the personal fields go into the event sealed with the request's own data key
            DataKey key = dataKeys.create(c, command.requestId(), command.requesterId(), clock.instant());
            RequestCommand.Submit sealed = command.sealed((field, text) -> SealedFields.seal(key, field, text));
            // a new stream: no lock, no read (a second submission of one id fails on the store's key)
            CommandHandler.Outcome<RequestLifecycle, RequestEvent> outcome = requests.start(c, command.requestId(), sealed, metadata);
            return new Submission(views.refresh(c, new RequestHistory(command.requestId(), outcome.stream(), List.of()))
                    .orElseThrow(), false, key);
        });
        LOG.infof("request %s %s: %s via %s", submission.view().id, submission.replayed() ? "replayed" : "submitted",
                submission.view().category, submission.view().channel);
        if (!submission.replayed()) { // counted after the commit, by category and channel (never by resident)
            Counter.builder("sidan.requests.submitted").description("requests submitted (群众点单), by category and channel")
                    .tags("category", submission.view().category, "channel", submission.view().channel)
                    .register(registry).increment();
        }
        return submission;
    }

    private static String checkKey(String key) {
        if (key.isBlank() || key.length() > 200) {
            throw new InvalidInput("Idempotency-Key", "must be 1 to 200 characters");
        }
        return key.trim();
    }

    /** SHA-256 of the submission's canonical JSON, so formatting differences do not matter. */
    private static String hash(NewRequest input) {
        try {
            byte[] canonical = EventJson.mapper().writeValueAsString(input).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public RequestView cancel(String requestId, String reason, EventMetadata metadata, OptionalLong ifMatch) {
        RequestView view = tx.inTransaction(c -> execute(c, requestId, new RequestCommand.Cancel(reason), metadata, ifMatch));
        LOG.infof("request %s cancelled by a %s", requestId, metadata.actor().role());
        return view;
    }

    public RequestView reopen(String requestId, String reason, EventMetadata metadata, OptionalLong ifMatch) {
        RequestView view = tx.inTransaction(c -> execute(c, requestId,
                new RequestCommand.Reopen(reason, clock.instant(), config.reopenWindow()), metadata, ifMatch));
        LOG.infof("request %s reopened by a %s (round %d)", requestId, metadata.actor().role(), view.round);
        return view;
    }

    /**
     * Erases the personal data of an ended request, in the caller's transaction: records why
     * ({@code request.personal-data-erased}) and deletes its data key. Erasing an erased request again
     * changes nothing; an open one is refused (a {@link io.sidan.contracts.domain.Rejection}).
     */
    public void erasePersonalData(Connection c, String requestId, ErasureCause cause, String erasureId,
                                  EventMetadata metadata) throws SQLException {
        execute(c, requestId, new RequestCommand.ErasePersonalData(cause, erasureId), metadata, OptionalLong.empty());
        dataKeys.erase(c, requestId);
        LOG.infof("request %s: personal data erased (%s)", requestId, cause);
    }

    /** Closes a round after its rating was finalized; runs in the consumer's transaction. */
    public void closeAfterRating(Connection c, String requestId, int round, Double composite, EventEnvelope cause)
            throws SQLException {
        execute(c, requestId, new RequestCommand.Close(round, composite), new EventMetadata(
                Actor.system(store.source()), cause.correlationId(), cause.eventId().toString()), OptionalLong.empty());
    }

    /**
     * Keeps an event another service reported about a request and applies it to the request's view; an event
     * kept before changes nothing. Runs in the consumer's transaction.
     */
    public void received(Connection c, String requestId, EventEnvelope envelope, SidanEvent event) throws SQLException {
        requests.lock(c, requestId); // the same lock as the request's commands
        if (received.keep(c, requestId, envelope)) {
            views.apply(c, requestId, envelope, event);
        }
    }

    /**
     * Handles a command on a request from the fold its row keeps (the usual way: no history is read), or, for a
     * row without one, from its whole history: its own stream folded onto what the other services reported.
     */
    private RequestView execute(Connection c, String requestId, RequestCommand command, EventMetadata metadata,
                                OptionalLong ifMatch) throws SQLException {
        CommandHandler.CommandFor<RequestLifecycle, RequestCommand> ifItExists = state -> {
            if (!state.request().exists()) {
                throw new NotFound("There is no request " + requestId + ".");
            }
            return command;
        };
        requests.lock(c, requestId);
        Optional<RequestViewProjection.Kept> kept = views.kept(c, requestId);
        if (kept.isPresent()) {
            CommandHandler.Outcome<RequestLifecycle, RequestEvent> outcome = requests.handleFrom(c, requestId,
                    new CommandHandler.Snapshot<>(kept.get().lifecycle(), kept.get().streamVersion()), ifItExists,
                    metadata, ifMatch);
            return outcome.changed() ? views.applyCommand(c, kept.get(), outcome) : RequestView.findById(requestId);
        }
        List<EventEnvelope> reported = received.forRequest(c, requestId);
        CommandHandler.Outcome<RequestLifecycle, RequestEvent> outcome = requests.handle(c, requestId,
                RequestHistory.reported(requestId, reported, store.catalogue()), ifItExists, metadata, ifMatch);
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
                    throw new ConflictingRepeat("This Idempotency-Key was already used with a different "
                            + "request body; use a new key for a new request.");
                }
                return rs.getString(2);
            }
        }
    }
}
