package io.sidan.dispatch.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.events.CaseEvent;
import io.sidan.dispatch.domain.CaseDecider;
import io.sidan.dispatch.domain.CaseState;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.replay.Projection;
import io.sidan.eventing.replay.Upsert;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;

/**
 * Keeps {@link CaseView} (from the case's own stream) and the decline log in step with the events.
 * The row is recomputed from the whole stream on each change and written whole with plain JDBC (the
 * entity only maps the table for queries).
 */
@ApplicationScoped
public class CaseViewProjection implements Projection {

    private static final Upsert ROW = new Upsert("case_view", List.of("request_id", "requester_id", "category", "grid",
            "urgency", "urgency_rank", "title", "submitted_at", "sla_dispatch_minutes", "sla_accept_minutes",
            "sla_complete_minutes", "phase", "attempt", "team_id", "mode", "offered_to", "excluded_teams", "involved_teams",
            "accept_by", "escalation_level", "reopen_count", "queued_at", "dispatch_due_at", "complete_due_at",
            "completion_overdue", "dispatched_at", "accepted_at",
            "started_at", "completed_at", "stream_version", "updated_at"));

    private static final int CHUNK = 500;

    private final EventStore store;
    private final Clock clock;

    public CaseViewProjection(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Folds a case's stream; the state the decider works on. */
    public CaseState fold(List<StoredEvent> stream) {
        CaseState state = CaseState.NONE;
        for (StoredEvent e : stream) {
            if (store.catalogue().decode(e.envelope()).orElse(null) instanceof CaseEvent event) {
                state = CaseDecider.evolve(state, event, e.envelope().occurredAt());
            }
        }
        return state;
    }

    /** Writes the case's row from its history as a command left it (decoded once, by the command handler). */
    public CaseView refresh(Connection c, List<CommandHandler.Appended<CaseEvent>> history) throws SQLException {
        CaseView v = view(history);
        if (v != null) {
            ROW.write(c, values(v));
        }
        return v;
    }

    /** A case's stream as stored, decoded: its case events with their envelopes. */
    private List<CommandHandler.Appended<CaseEvent>> decoded(List<StoredEvent> stream) {
        List<CommandHandler.Appended<CaseEvent>> history = new ArrayList<>(stream.size());
        for (StoredEvent stored : stream) {
            if (store.catalogue().decode(stored.envelope()).orElse(null) instanceof CaseEvent event) {
                history.add(new CommandHandler.Appended<>(event, stored.envelope()));
            }
        }
        return history;
    }

    /** The case's row computed from its whole history; null when there is no case yet. */
    private CaseView view(List<CommandHandler.Appended<CaseEvent>> history) {
        CaseState state = CaseState.NONE;
        Instant dispatchedAt = null;
        Instant acceptedAt = null;
        Instant startedAt = null;
        Instant completedAt = null;
        Set<String> involved = new LinkedHashSet<>();
        for (CommandHandler.Appended<CaseEvent> stored : history) {
            CaseEvent event = stored.event();
            Instant at = stored.envelope().occurredAt();
            state = CaseDecider.evolve(state, event, at);
            switch (event) {
                case CaseEvent.Assigned e -> {
                    dispatchedAt = dispatchedAt == null ? at : dispatchedAt;
                    involved.add(e.teamId());
                }
                case CaseEvent.Offered e -> {
                    dispatchedAt = dispatchedAt == null ? at : dispatchedAt;
                    involved.addAll(e.teamIds());
                }
                case CaseEvent.Accepted e -> acceptedAt = at;
                case CaseEvent.ServiceStarted e -> startedAt = at;
                case CaseEvent.ServiceCompleted e -> completedAt = at;
                case CaseEvent.Reopened e -> {
                    dispatchedAt = null;
                    acceptedAt = null;
                    startedAt = null;
                    completedAt = null;
                }
                default -> {
                }
            }
        }
        if (!state.exists()) {
            return null;
        }
        CaseView v = new CaseView();
        v.requestId = state.requestId();
        v.requesterId = state.requesterId();
        v.category = state.category();
        v.grid = state.grid();
        v.urgency = state.urgency().name();
        v.urgencyRank = state.urgency().rank();
        v.title = state.title();
        v.submittedAt = state.submittedAt();
        v.slaDispatchMinutes = state.sla().dispatchMinutes();
        v.slaAcceptMinutes = state.sla().acceptMinutes();
        v.slaCompleteMinutes = state.sla().completeMinutes();
        v.phase = state.phase().name();
        v.attempt = state.attempt();
        v.teamId = state.teamId();
        v.mode = state.mode() == null ? null : state.mode().name();
        v.offeredTo = String.join(",", state.offeredTo());
        v.excludedTeams = String.join(",", state.excludedTeams());
        v.involvedTeams = String.join(",", involved);
        v.acceptBy = state.acceptBy();
        v.escalationLevel = state.escalationLevel();
        v.reopenCount = state.reopenCount();
        v.queuedAt = state.queuedAt();
        v.dispatchDueAt = CaseDecider.dispatchDue(state);
        v.completeDueAt = state.completeDue();
        v.completionOverdue = state.completionOverdue();
        v.dispatchedAt = dispatchedAt;
        v.acceptedAt = acceptedAt;
        v.startedAt = startedAt;
        v.completedAt = completedAt;
        v.streamVersion = history.get(history.size() - 1).envelope().streamVersion();
        v.updatedAt = clock.instant();
        return v;
    }

    private static Object[] values(CaseView v) {
        return new Object[] {v.requestId, v.requesterId, v.category, v.grid, v.urgency, v.urgencyRank, v.title,
                v.submittedAt, v.slaDispatchMinutes, v.slaAcceptMinutes, v.slaCompleteMinutes, v.phase, v.attempt, v.teamId,
                v.mode, v.offeredTo, v.excludedTeams, v.involvedTeams, v.acceptBy, v.escalationLevel, v.reopenCount,
                v.queuedAt, v.dispatchDueAt, v.completeDueAt, v.completionOverdue, v.dispatchedAt, v.acceptedAt, v.startedAt, v.completedAt, v.streamVersion,
                v.updatedAt};
    }

    /** Records declines for the ranking; called with the events of each append. */
    public void recordDeclines(Connection c, List<CommandHandler.Appended<CaseEvent>> appended) throws SQLException {
        writeDeclines(c, declinesIn(appended));
    }

    /** The decline rows (team, request, when) of some events. */
    private static List<Object[]> declinesIn(List<CommandHandler.Appended<CaseEvent>> events) {
        List<Object[]> rows = new ArrayList<>();
        for (CommandHandler.Appended<CaseEvent> e : events) {
            if (e.event() instanceof CaseEvent.Declined d) {
                rows.add(new Object[] {d.teamId(), d.requestId(), OffsetDateTime.ofInstant(e.envelope().occurredAt(), ZoneOffset.UTC)});
            }
        }
        return rows;
    }

    private static void writeDeclines(Connection c, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("insert into team_decline (team_id, request_id, declined_at) "
                + "values (?, ?, ?) on conflict do nothing")) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    s.setObject(i + 1, row[i]);
                }
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    @Override
    public String name() {
        return "case-view";
    }

    @Override
    public List<String> tables() {
        return List.of("case_view", "team_decline");
    }

    /** Its replay writes each row once: the keys are built after it. */
    @Override
    public boolean replayNeedsKeys() {
        return false;
    }

    /**
     * The rebuild: every case, in the order they opened, {@value #CHUNK} at a time; each chunk's rows and
     * declines written in one batch each. Declines are only ever recorded on a case's own stream.
     */
    @Override
    public long replay(Connection c, EventStore events) throws SQLException {
        return events.forEachChunkOfStreams(c, "case.opened", CHUNK, (ids, streams) -> {
            List<Object[]> rows = new ArrayList<>(ids.size());
            List<Object[]> declines = new ArrayList<>();
            for (String id : ids) {
                List<CommandHandler.Appended<CaseEvent>> history = decoded(streams.getOrDefault(id, List.of()));
                CaseView v = view(history);
                if (v != null) {
                    rows.add(values(v));
                }
                declines.addAll(declinesIn(history));
            }
            ROW.copyAll(c, rows);
            writeDeclines(c, declines);
        });
    }
}
