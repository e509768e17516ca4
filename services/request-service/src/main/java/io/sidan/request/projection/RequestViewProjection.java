package io.sidan.request.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.replay.Projection;
import io.sidan.eventing.replay.RowUpdate;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.replay.Upsert;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.request.domain.AuditRecord;
import io.sidan.request.domain.RequestLifecycle;

/**
 * Keeps {@link RequestView} in step with everything known about a request. A command recomputes the row
 * from the request's whole history (a few dozen events at most) and writes it whole; an event another service
 * reported is folded onto the {@link RequestFold} the row keeps, and only the columns it moves are written. Plain
 * JDBC (the entity only maps the table for queries), under the request's lock, so commands and the two
 * consumers of foreign events can update one request concurrently without losing each other's facts. A rebuild
 * recomputes every row from the history, and gives the same rows.
 */
@ApplicationScoped
public class RequestViewProjection implements Projection {

    /** What was asked for, and the own stream's version: only the request's own events move these. */
    private static final List<String> ASKED = List.of("id", "requester_id", "requester_name", "channel", "filed_by",
            "category", "item", "title", "description", "grid", "address", "lat", "lon", "urgency", "contact_phone",
            "preferred_from", "preferred_to", "sla_dispatch_minutes", "sla_accept_minutes", "sla_complete_minutes",
            "sla_clock", "stream_version");
    /** Where the request stands: any of its three streams moves these. */
    private static final List<String> PROGRESS = List.of("status", "round", "reopen_count", "team_id", "dispatch_mode",
            "escalation_level", "rejection", "composite_score", "submitted_at", "dispatched_at", "accepted_at",
            "started_at", "completed_at", "rated_at", "closed_at", "cancelled_at", "reopened_at", "received_count",
            "updated_at", "ended_at", "personal_data_erased", "fold");
    private static final Upsert ROW = new Upsert("request_view",
            Stream.concat(ASKED.stream(), PROGRESS.stream()).toList());
    private static final RowUpdate PROGRESS_ROW = new RowUpdate("request_view", "id", PROGRESS);

    private static final int CHUNK = 500;

    private final EventStore store;
    private final ReceivedEvents received;
    private final AuditProjection audit;
    private final Clock clock;
    private final CalendarQueries calendars;

    public RequestViewProjection(EventStore store, ReceivedEvents received, AuditProjection audit, Clock clock,
                                 CalendarQueries calendars) {
        this.calendars = calendars;
        this.store = store;
        this.received = received;
        this.audit = audit;
        this.clock = clock;
    }

    /** The request's own stream and what it received; the caller holds the stream's lock. */
    public RequestHistory load(Connection c, String requestId) throws SQLException {
        return new RequestHistory(requestId, store.readStream(c, requestId), received.forRequest(c, requestId));
    }

    /**
     * Writes the view of a request, and its audit figures, from its history; nothing when the request
     * itself is unknown.
     */
    public Optional<RequestView> refresh(Connection c, RequestHistory history) throws SQLException {
        Optional<Rows> rows = rowsOf(history, calendars.calendar(c));
        if (rows.isPresent()) {
            ROW.write(c, values(rows.get().view(), rows.get().fold()));
            audit.write(c, rows.get().audit());
        }
        return rows.map(Rows::view);
    }

    /**
     * Applies an event another service reported about a request, kept just now, to its view and audit figures:
     * folded onto the fold the row keeps when the event comes after all folded from its stream; otherwise (a row
     * without a fold, or with one of another shape, or an event that fills a gap in its stream) from the whole
     * history, as {@link #refresh}. The caller holds the request's lock.
     */
    public void apply(Connection c, String requestId, EventEnvelope envelope, SidanEvent event) throws SQLException {
        Optional<Kept> kept = kept(c, requestId);
        if (kept.isEmpty()) {
            refresh(c, load(c, requestId));
            return;
        }
        WorkingCalendar calendar = calendars.calendar(c);
        // the figures before, taken before the next fold moves the same (mutable) clocks on
        AuditRecord before = kept.get().fold().figures(calendar);
        Optional<RequestFold> next = kept.get().fold().next(envelope, event);
        if (next.isEmpty()) {
            refresh(c, load(c, requestId));
            return;
        }
        RequestFold fold = next.get();
        RequestView v = new RequestView();
        progress(v, fold.lifecycle());
        v.receivedCount = kept.get().receivedCount() + 1;
        v.updatedAt = clock.instant();
        PROGRESS_ROW.write(c, requestId, progressValues(v, fold.json()));
        writeAuditIfMoved(c, before, fold, calendar);
    }

    /**
     * What a request's row keeps for the next event or command: its fold, the own stream's version it was folded
     * up to, and how many events it received. The caller holds the request's lock.
     */
    public record Kept(RequestFold fold, long streamVersion, int receivedCount) {

        /** The request's lifecycle as its next command starts from it. */
        public RequestLifecycle lifecycle() {
            return fold.lifecycle();
        }
    }

    /** The row's fold; empty when there is no row, or it has no fold (kept before folds were) or one of another shape. */
    public Optional<Kept> kept(Connection c, String requestId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select fold, stream_version, received_count from request_view "
                + "where id = ?")) {
            s.setString(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long version = rs.getLong(2);
                int receivedCount = rs.getInt(3);
                return RequestFold.parse(rs.getString(1)).map(f -> new Kept(f, version, receivedCount));
            }
        }
    }

    /**
     * Applies a command's outcome, started from the row's {@link Kept} fold: the request's events after it (normally
     * only those the command appended) are folded onto it and the row is written whole, as {@link #refresh} would
     * write it from the history (the submission comes from the stream's first event, which the command read).
     */
    public RequestView applyCommand(Connection c, Kept kept, CommandHandler.Outcome<RequestLifecycle, RequestEvent> outcome)
            throws SQLException {
        StoredEvent first = outcome.stream().getFirst();
        if (first.envelope().streamVersion() != 1
                || !(store.catalogue().decode(first.envelope()).orElse(null) instanceof RequestEvent.Submitted submitted)) {
            throw new IllegalStateException("request " + outcome.streamId() + " does not begin with its submission");
        }
        WorkingCalendar calendar = calendars.calendar(c);
        AuditRecord before = kept.fold().figures(calendar);
        RequestFold fold = kept.fold();
        for (CommandHandler.Appended<RequestEvent> e : outcome.history()) {
            fold = fold.withOwn(e.event(), e.envelope().occurredAt());
        }
        RequestView v = view(submitted, fold.lifecycle(), first.envelope().actor().name(), outcome.version(),
                kept.receivedCount(), clock.instant());
        ROW.write(c, values(v, fold.json()));
        writeAuditIfMoved(c, before, fold, calendar);
        return v;
    }

    private void writeAuditIfMoved(Connection c, AuditRecord before, RequestFold fold, WorkingCalendar calendar)
            throws SQLException {
        AuditRecord figures = fold.figures(calendar);
        if (!figures.equals(before)) { // most events move them; a case opened or a sheet opened does not
            audit.write(c, figures);
        }
    }

    /** A request's rows: its view (and the fold it keeps) and its audit figures. */
    private record Rows(RequestView view, String fold, AuditRecord audit) {
    }

    private Optional<Rows> rowsOf(RequestHistory history, WorkingCalendar calendar) {
        RequestHistory.Decoded decoded = history.decode(store.catalogue());
        Optional<RequestEvent.Submitted> submitted = decoded.submitted();
        if (submitted.isEmpty()) {
            return Optional.empty();
        }
        RequestFold fold = RequestFold.of(decoded);
        RequestLifecycle life = fold.lifecycle();
        RequestView v = view(submitted.get(), life, history.own().get(0).envelope().actor().name(), history.version(),
                history.received().size(), clock.instant());
        return Optional.of(new Rows(v, fold.json(), fold.figures(calendar)));
    }

    /** The view of a request: what was asked for (its submission) and where it stands (its lifecycle). */
    public static RequestView view(RequestEvent.Submitted s, RequestLifecycle life, String filedBy, long streamVersion,
                                   int receivedCount, Instant updatedAt) {
        RequestView v = new RequestView();
        v.id = s.requestId();
        v.requesterId = s.requesterId();
        v.requesterName = s.requesterName();
        v.channel = s.channel().name();
        v.filedBy = filedBy;
        v.category = s.category();
        v.item = s.item();
        v.title = s.title();
        v.description = s.description();
        v.grid = s.location().grid();
        v.address = s.location().address();
        v.lat = s.location().lat();
        v.lon = s.location().lon();
        v.urgency = s.urgency().name();
        v.contactPhone = s.contactPhone();
        v.preferredFrom = s.preferredWindow() == null ? null : s.preferredWindow().from();
        v.preferredTo = s.preferredWindow() == null ? null : s.preferredWindow().to();
        v.slaDispatchMinutes = s.sla().dispatchMinutes();
        v.slaAcceptMinutes = s.sla().acceptMinutes();
        v.slaCompleteMinutes = s.sla().completeMinutes();
        v.slaClock = s.sla().clock() == null ? null : s.sla().clock().name();
        v.streamVersion = streamVersion;
        progress(v, life);
        v.receivedCount = receivedCount;
        v.updatedAt = updatedAt;
        return v;
    }

    /** Where the request stands, from its lifecycle. */
    private static void progress(RequestView v, RequestLifecycle life) {
        v.status = life.status().name();
        v.round = life.request().round();
        v.reopenCount = life.request().reopenCount();
        v.teamId = life.dispatch().teamId();
        v.dispatchMode = life.dispatch().mode() == null ? null : life.dispatch().mode().name();
        v.escalationLevel = life.dispatch().escalationLevel();
        v.rejection = life.dispatch().rejection();
        boolean completedThisRound = life.dispatch().completedRound() == life.request().round();
        boolean ratedThisRound = completedThisRound && life.rating().round() == life.request().round();
        v.compositeScore = ratedThisRound ? life.rating().composite() : null;
        v.submittedAt = life.request().submittedAt();
        v.dispatchedAt = life.dispatch().dispatchedAt();
        v.acceptedAt = life.dispatch().acceptedAt();
        v.startedAt = life.dispatch().startedAt();
        v.completedAt = completedThisRound ? life.dispatch().completedAt() : null;
        v.ratedAt = ratedThisRound ? life.rating().firstRatedAt() : null;
        v.closedAt = life.request().closedRound() == life.request().round() ? life.request().closedAt() : null;
        v.cancelledAt = life.request().cancelled() ? life.request().cancelledAt() : null;
        v.reopenedAt = life.request().reopenedAt();
        v.endedAt = life.endedAt();
        v.personalDataErased = life.request().personalDataErased();
    }

    /** The whole row, in the order of {@link #ASKED} then {@link #PROGRESS}. */
    private static Object[] values(RequestView v, String fold) {
        Object[] asked = {v.id, v.requesterId, v.requesterName, v.channel, v.filedBy, v.category, v.item, v.title,
                v.description, v.grid, v.address, v.lat, v.lon, v.urgency, v.contactPhone, v.preferredFrom, v.preferredTo,
                v.slaDispatchMinutes, v.slaAcceptMinutes, v.slaCompleteMinutes, v.slaClock, v.streamVersion};
        Object[] progress = progressValues(v, fold);
        Object[] row = Arrays.copyOf(asked, asked.length + progress.length);
        System.arraycopy(progress, 0, row, asked.length, progress.length);
        return row;
    }

    /** The {@link #PROGRESS} columns, in order. */
    private static Object[] progressValues(RequestView v, String fold) {
        return new Object[] {v.status, v.round, v.reopenCount, v.teamId, v.dispatchMode, v.escalationLevel, v.rejection,
                v.compositeScore, v.submittedAt, v.dispatchedAt, v.acceptedAt, v.startedAt, v.completedAt, v.ratedAt,
                v.closedAt, v.cancelledAt, v.reopenedAt, v.receivedCount, v.updatedAt, v.endedAt, v.personalDataErased, fold};
    }

    @Override
    public String name() {
        return "request-view";
    }

    /**
     * 2: when a request ended, and whether its personal data was erased; 3: the SLA's clock (and verdicts by it).
     * The fold (V8) needed no new version: a row without one is recomputed from the history at its next event.
     */
    @Override
    public int version() {
        return 3;
    }

    @Override
    public List<String> tables() {
        return List.of("request_view", "audit_request");
    }

    /** Its replay writes each row once: the keys are built after it. */
    @Override
    public boolean replayNeedsKeys() {
        return false;
    }

    /** The audit's roll-ups are kept from {@code audit_request}. */
    @Override
    public List<String> derivedTables() {
        return AuditRollUps.TABLES;
    }

    @Override
    public void rebuilt(Connection c) throws SQLException {
        AuditRollUps.reset(c);
    }

    /**
     * The rebuild: every request, in submission order, {@value #CHUNK} at a time — their own streams and
     * received events read in two queries, their rows written in two batches. Counts the events it read: the
     * requests' own and what they received (not the catalogue's, which this model does not need).
     */
    @Override
    public long replay(Connection c, EventStore events) throws SQLException {
        long[] received = {0};
        long own = events.forEachChunkOfStreams(c, "request.submitted", CHUNK, (ids, streams) -> received[0] += rewrite(c, ids, streams));
        return own + received[0];
    }

    /** Writes the chunk's rows; returns how many received events it read. */
    private long rewrite(Connection c, List<String> requestIds, Map<String, List<StoredEvent>> own) throws SQLException {
        Map<String, List<EventEnvelope>> foreign = received.forRequests(c, requestIds);
        WorkingCalendar calendar = calendars.calendar(c);
        List<Object[]> views = new ArrayList<>(requestIds.size());
        List<AuditRecord> audits = new ArrayList<>(requestIds.size());
        long read = 0;
        for (String id : requestIds) {
            List<EventEnvelope> theirs = foreign.getOrDefault(id, List.of());
            read += theirs.size();
            rowsOf(new RequestHistory(id, own.getOrDefault(id, List.of()), theirs), calendar)
                    .ifPresent(rows -> {
                        views.add(values(rows.view(), rows.fold()));
                        audits.add(rows.audit());
                    });
        }
        ROW.copyAll(c, views);
        audit.copyAll(c, audits);
        return read;
    }
}
