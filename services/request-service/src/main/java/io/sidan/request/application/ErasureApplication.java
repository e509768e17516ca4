package io.sidan.request.application;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.domain.NotFound;
import io.sidan.contracts.domain.Rejection;
import io.sidan.contracts.events.ErasureCause;
import io.sidan.contracts.events.ErasureEvent;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.tx.Transactions;
import io.sidan.request.domain.ErasureCommand;
import io.sidan.request.domain.ErasureDecider;
import io.sidan.request.domain.RequestStatus;
import io.sidan.request.projection.ErasureProjection;
import io.sidan.request.projection.ErasureView;
import io.sidan.request.projection.RequestView;
import org.jboss.logging.Logger;

/**
 * Erasure requests (PIPL's right to deletion): a resident asks for their personal data to be erased, or staff
 * file it for one request of a caller without an account; an admin approves or rejects. Approval erases
 * every covered request in the same transaction as the approval ({@link RequestApplication#erasePersonalData}),
 * so either all of them are erased and the approval recorded, or nothing is. Requests still open are named
 * and nothing is erased: they are erased once closed, rejected or cancelled.
 */
@ApplicationScoped
public class ErasureApplication {

    private static final Logger LOG = Logger.getLogger(ErasureApplication.class);

    private final Transactions tx;
    private final CommandHandler<ErasureDecider.State, ErasureCommand, ErasureEvent> erasures;
    private final ErasureProjection projection;
    private final RequestApplication requests;

    public ErasureApplication(Transactions tx, EventStore store, ErasureProjection projection, RequestApplication requests) {
        this.tx = tx;
        this.erasures = new CommandHandler<>(store, ErasureDecider.DECIDER);
        this.projection = projection;
        this.requests = requests;
    }

    /** Files an erasure request for one request of a caller, by staff: about the request's resident, if it has one. */
    public ErasureView askForRequest(String requestId, String reason, EventMetadata metadata) {
        RequestView request = tx.inTransaction(c -> RequestView.<RequestView>findById(requestId));
        if (request == null) {
            throw new NotFound("There is no request " + requestId + ".");
        }
        return ask(request.requesterId, requestId, reason, metadata);
    }

    /** Files an erasure request of the one request {@code requestId} when given, else of every request of {@code residentId}. */
    public ErasureView ask(String residentId, String requestId, String reason, EventMetadata metadata) {
        String erasureId = "erasure-" + UUID.randomUUID();
        ErasureView view = tx.inTransaction(c -> {
            var outcome = erasures.start(c, ErasureDecider.streamOf(erasureId),
                    new ErasureCommand.Ask(erasureId, residentId, requestId, reason), metadata);
            projection.refresh(c, outcome.stream());
            return ErasureView.findById(erasureId);
        });
        LOG.infof("erasure %s requested by a %s", erasureId, metadata.actor().role());
        return view;
    }

    /** Approves it and erases the personal data of every request it covers, or names those still open. */
    public ErasureView approve(String erasureId, EventMetadata metadata) {
        ErasureView view = tx.inTransaction(c -> {
            List<String> covered = new ArrayList<>();
            var outcome = erasures.handle(c, ErasureDecider.streamOf(erasureId), state -> {
                if (state.status() == ErasureDecider.Status.NONE) {
                    throw new NotFound("There is no erasure request " + erasureId + ".");
                }
                if (state.status() == ErasureDecider.Status.PENDING) { // otherwise the decider answers (a retry, or too late)
                    covered.addAll(requireEnded(covered(c, state), state.status().name()));
                }
                return new ErasureCommand.Approve(List.copyOf(covered));
            }, metadata, OptionalLong.empty());
            if (outcome.changed()) {
                for (String requestId : covered) {
                    requests.erasePersonalData(c, requestId, ErasureCause.ERASURE_REQUEST, erasureId, metadata);
                }
                projection.refresh(c, outcome.stream());
            }
            return ErasureView.findById(erasureId);
        });
        LOG.infof("erasure %s approved: %s", erasureId, view.erasedRequests);
        return view;
    }

    public ErasureView reject(String erasureId, String reason, EventMetadata metadata) {
        return tx.inTransaction(c -> {
            var outcome = erasures.handle(c, ErasureDecider.streamOf(erasureId), state -> {
                if (state.status() == ErasureDecider.Status.NONE) {
                    throw new NotFound("There is no erasure request " + erasureId + ".");
                }
                return new ErasureCommand.Reject(reason);
            }, metadata, OptionalLong.empty());
            projection.refresh(c, outcome.stream());
            return ErasureView.findById(erasureId);
        });
    }

    /** An erasure request, if there is one of that id. */
    public ErasureView find(String erasureId) {
        return erasureId.length() > 60 ? null : tx.inTransaction(c -> ErasureView.<ErasureView>findById(erasureId));
    }

    /**
     * At most 100 erasure requests of one resident ({@code residentId}, or everyone's when null), of one
     * status when given: the oldest first when pending (the admins' work list), else the newest first.
     */
    public List<ErasureView> list(String residentId, String status) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (residentId != null) {
            where.add("residentId = :resident");
            params.put("resident", residentId);
        }
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        String order = "PENDING".equals(status) ? " order by requestedAt, erasureId" : " order by requestedAt desc, erasureId";
        return tx.inTransaction(c -> ErasureView.<ErasureView>find((where.isEmpty() ? "1 = 1" : String.join(" and ", where))
                + order, params).page(0, 100).list());
    }

    /** The requests an erasure request covers, with their status: one, or every request of the resident. */
    private static Map<String, String> covered(Connection c, ErasureDecider.State state) throws SQLException {
        boolean one = state.requestId() != null;
        Map<String, String> statuses = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("select id, status from request_view where "
                + (one ? "id = ?" : "requester_id = ?") + " order by submitted_at, id")) {
            s.setString(1, one ? state.requestId() : state.residentId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    statuses.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return statuses;
    }

    private static List<String> requireEnded(Map<String, String> statuses, String erasureStatus) {
        Map<String, String> open = statuses.entrySet().stream()
                .filter(e -> !RequestStatus.valueOf(e.getValue()).ended())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        if (!open.isEmpty()) {
            throw new Rejection("These requests are still open: " + open.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "))
                    + ". Their personal data can be erased once they are closed, rejected or cancelled; approve again then.",
                    erasureStatus);
        }
        return List.copyOf(statuses.keySet());
    }
}
