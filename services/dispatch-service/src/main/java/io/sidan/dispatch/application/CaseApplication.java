package io.sidan.dispatch.application;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.domain.NotFound;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.RejectionReason;
import io.sidan.contracts.events.VolunteerHours;
import io.sidan.dispatch.config.DispatchConfig;
import io.sidan.dispatch.domain.CaseCommand;
import io.sidan.dispatch.domain.CaseDecider;
import io.sidan.dispatch.domain.CasePhase;
import io.sidan.dispatch.domain.CaseState;
import io.sidan.dispatch.domain.Suggestions;
import io.sidan.dispatch.domain.TeamFacts;
import io.sidan.dispatch.projection.CaseView;
import io.sidan.dispatch.projection.CaseViewProjection;
import io.sidan.dispatch.projection.TeamQueries;
import io.sidan.dispatch.projection.WorkingCalendars;
import io.sidan.dispatch.projection.TeamView;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.store.ConcurrencyConflict;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.tx.Transactions;
import org.jboss.logging.Logger;

/**
 * Command handling for cases through the one {@link CommandHandler} (lock, fold, decide, append), the
 * views updated in the same transaction. When a case of an automatic category lands in the queue, the
 * platform assigns the best eligible team in the same transaction.
 */
@ApplicationScoped
public class CaseApplication {

    private static final Logger LOG = Logger.getLogger(CaseApplication.class);

    /** Builds the command once the case's state (and the transaction's connection) is at hand. */
    @FunctionalInterface
    interface CommandFor {
        CaseCommand build(CaseState state, Connection c) throws SQLException;
    }

    private final Transactions tx;
    private final EventStore store;
    private final CommandHandler<CaseState, CaseCommand, CaseEvent> cases;
    private final CaseViewProjection views;
    private final TeamQueries teams;
    private final DispatchConfig config;
    private final Clock clock;
    private final CaseMetrics metrics;
    private final WorkingCalendars calendars;

    public CaseApplication(Transactions tx, EventStore store, CaseViewProjection views, TeamQueries teams,
                           DispatchConfig config, Clock clock, CaseMetrics metrics, WorkingCalendars calendars) {
        this.calendars = calendars;
        this.metrics = metrics;
        this.tx = tx;
        this.store = store;
        this.cases = new CommandHandler<>(store, CaseDecider.DECIDER);
        this.views = views;
        this.teams = teams;
        this.config = config;
        this.clock = clock;
    }

    // ---- from the request service (run inside the consumer's transaction) ----

    /**
     * Opens the case of a submitted request: a new stream, so no lock and no read; a case that is open already
     * (the submit delivered again) is left as it is.
     */
    public void open(Connection c, CaseCommand.Open open, EventEnvelope cause) throws SQLException {
        var outcome = cases.startUnlessStarted(c, open.requestId(), open.dueBy(calendars.calendar()), systemCausedBy(cause));
        if (outcome.isPresent()) {
            afterCommand(c, outcome.get());
            LOG.infof("case %s in the queue: %s, %s, grid %s", open.requestId(), open.category(), open.urgency(), open.grid());
        }
    }

    public void cancel(Connection c, String requestId, String reason, EventEnvelope cause) throws SQLException {
        if (exists(c, requestId)) {
            execute(c, requestId, (s, conn) -> new CaseCommand.Cancel(reason), systemCausedBy(cause), OptionalLong.empty());
        }
    }

    public void reopen(Connection c, String requestId, String reason, int reopenCount, EventEnvelope cause)
            throws SQLException {
        if (exists(c, requestId)) {
            execute(c, requestId, (s, conn) -> CaseCommand.Reopen.at(reason, reopenCount, s.sla(), clock.instant(),
                    calendars.calendar()), systemCausedBy(cause), OptionalLong.empty());
        }
    }

    // ---- dispatchers ----

    public CaseView assign(String requestId, String teamId, String note, EventMetadata metadata, OptionalLong ifMatch) {
        return tx.inTransaction(c -> execute(c, requestId, (s, conn) -> new CaseCommand.Assign(
                facts(conn, teamId), DispatchMode.DIRECTIVE, acceptBy(s), note), metadata, ifMatch));
    }

    /** Offers the case to the given teams, or to every eligible team when none are named. */
    public CaseView offer(String requestId, List<String> teamIds, String note, EventMetadata metadata, OptionalLong ifMatch) {
        return tx.inTransaction(c -> execute(c, requestId, (s, conn) -> {
            List<TeamFacts> offered = new ArrayList<>();
            if (teamIds == null || teamIds.isEmpty()) {
                for (Suggestions.Ranked r : Suggestions.rank(s, teams.candidates(conn, declinesSince()))) {
                    if (r.eligible()) {
                        offered.add(facts(conn, r.teamId()));
                    }
                }
            } else {
                for (String id : teamIds.stream().distinct().toList()) {
                    offered.add(facts(conn, id));
                }
            }
            return new CaseCommand.Offer(offered, acceptBy(s), note);
        }, metadata, ifMatch));
    }

    public CaseView reject(String requestId, RejectionReason reason, String detail, String duplicateOf,
                           EventMetadata metadata, OptionalLong ifMatch) {
        return tx.inTransaction(c -> execute(c, requestId, (s, conn) -> new CaseCommand.Reject(reason, detail, duplicateOf),
                metadata, ifMatch));
    }

    public List<Suggestions.Ranked> suggestions(String requestId) {
        return tx.inTransaction(c -> {
            CaseState s = views.fold(store.readStream(c, requestId));
            if (!s.exists()) {
                throw new NotFound("There is no case " + requestId + ".");
            }
            return Suggestions.rank(s, teams.candidates(c, declinesSince()));
        });
    }

    // ---- teams ----

    public CaseView accept(String requestId, String teamId, EventMetadata metadata) {
        return tx.inTransaction(c -> execute(c, requestId, (s, conn) -> {
            teams.lock(conn, teamId); // accepts of one team are counted one after the other
            return new CaseCommand.Accept(facts(conn, teamId), clock.instant());
        }, metadata, OptionalLong.empty()));
    }

    public CaseView decline(String requestId, String teamId, String reason, EventMetadata metadata) {
        return tx.inTransaction(c -> execute(c, requestId, (s, conn) -> new CaseCommand.Decline(teamId, reason), metadata, OptionalLong.empty()));
    }

    public CaseView start(String requestId, String teamId, EventMetadata metadata) {
        return tx.inTransaction(c -> execute(c, requestId, (s, conn) -> new CaseCommand.Start(teamId), metadata, OptionalLong.empty()));
    }

    public CaseView note(String requestId, String teamId, String text, boolean visibleToResident, EventMetadata metadata) {
        return tx.inTransaction(c -> execute(c, requestId,
                (s, conn) -> new CaseCommand.Note(teamId, text, visibleToResident), metadata, OptionalLong.empty()));
    }

    public CaseView complete(String requestId, String teamId, String summary, List<VolunteerHours> hours,
                             List<String> evidence, EventMetadata metadata) {
        return tx.inTransaction(c -> execute(c, requestId,
                (s, conn) -> new CaseCommand.Complete(teamId, summary, hours, evidence), metadata, OptionalLong.empty()));
    }

    // ---- the clock ----

    /**
     * Expires overdue assignments, escalates cases waiting past their dispatch SLA and cases not completed
     * within their completion SLA (督办); returns how many changed. Each clock's rule is the decider's: a
     * command that does not apply to the case decides nothing.
     */
    public int checkDeadlines(Instant now) {
        Set<String> due = tx.inTransaction(c -> overdue(c, now));
        List<CaseCommand> checks = List.of(new CaseCommand.Expire(now), new CaseCommand.EscalateOverdue(now),
                new CaseCommand.EscalateCompletionOverdue(now));
        int changed = 0;
        for (String requestId : due) {
            try {
                changed += tx.inTransaction(c -> {
                    long before = store.currentVersion(c, requestId);
                    for (CaseCommand check : checks) {
                        execute(c, requestId, (s, conn) -> check, EventMetadata.by(Actor.system(store.source())),
                                OptionalLong.empty());
                    }
                    return store.currentVersion(c, requestId) > before ? 1 : 0;
                });
            } catch (ConcurrencyConflict e) {
                // another instance (or a team's accept) got there first: nothing to expire twice
            }
        }
        return changed;
    }

    private Set<String> overdue(Connection c, Instant now) throws SQLException {
        Set<String> ids = new LinkedHashSet<>();
        // three queries, each answered by its partial index (case_view_deadline_ix, case_view_dispatch_due_ix,
        // case_view_complete_due_ix) and reading only the due cases; one with "or" would read the whole view
        try (PreparedStatement s = c.prepareStatement("(select request_id from case_view where "
                + "phase in ('ASSIGNED', 'OFFERED') and accept_by <= ? limit 500) union all (select request_id from case_view "
                + "where phase = 'WAITING' and escalation_level = 0 and dispatch_due_at <= ? limit 500) union all "
                + "(select request_id from case_view where phase in ('WAITING', 'ASSIGNED', 'OFFERED', 'ACCEPTED', 'IN_SERVICE') "
                + "and not completion_overdue and complete_due_at <= ? limit 500)")) {
            java.time.OffsetDateTime at = java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC);
            s.setObject(1, at);
            s.setObject(2, at);
            s.setObject(3, at);
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    // ---- the one way every command is handled ----

    private CaseView execute(Connection c, String requestId, CommandFor commandFor, EventMetadata metadata,
                             OptionalLong ifMatch) throws SQLException {
        CommandHandler.Outcome<CaseState, CaseEvent> outcome = cases.handle(c, requestId, state -> {
            if (!state.exists()) {
                throw new NotFound("There is no case " + requestId + ".");
            }
            return commandFor.build(state, c);
        }, metadata, ifMatch);
        if (!outcome.changed()) {
            return CaseView.findById(requestId);
        }
        return afterCommand(c, outcome);
    }

    /** The views of the same transaction, and the platform's assignment when the case waits in an automatic category. */
    private CaseView afterCommand(Connection c, CommandHandler.Outcome<CaseState, CaseEvent> outcome) throws SQLException {
        views.recordDeclines(c, outcome.appended());
        CaseView view = views.refresh(c, outcome.history());
        metrics.record(outcome.appended(), view); // before the commit: a rare failed commit counts once too often
        CaseState after = outcome.state();
        if (after.phase() == CasePhase.WAITING && config.automatic(after.category())
                && after.escalationLevel() < CaseDecider.SUPERVISED_LEVEL) {
            view = autoAssign(c, after, outcome.appended().getLast().envelope());
        }
        return view;
    }

    /** The platform's automatic dispatch: the top eligible suggestion, if there is one. */
    private CaseView autoAssign(Connection c, CaseState state, EventEnvelope cause) throws SQLException {
        List<Suggestions.Ranked> ranked = Suggestions.rank(state, teams.candidates(c, declinesSince()));
        if (ranked.isEmpty() || !ranked.get(0).eligible()) {
            return CaseView.findById(state.requestId()); // nobody fits: it waits for a dispatcher
        }
        TeamFacts top = facts(c, ranked.get(0).teamId());
        return execute(c, state.requestId(), (s, conn) -> new CaseCommand.Assign(top, DispatchMode.AUTOMATIC, acceptBy(s),
                "自动派单：排名第一 / automatic: top suggestion (" + ranked.get(0).score() + " points)"),
                systemCausedBy(cause), OptionalLong.empty());
    }

    private TeamFacts facts(Connection c, String teamId) throws SQLException {
        TeamView team = teams.team(teamId).orElseThrow(() -> new InvalidInput("teamId",
                "there is no team '" + teamId + "'"));
        return teams.facts(c, team);
    }

    private Instant acceptBy(CaseState s) {
        return CaseDecider.acceptBy(s, clock.instant(), calendars.calendar());
    }

    private Instant declinesSince() {
        return clock.instant().minus(config.declineMemory());
    }

    private boolean exists(Connection c, String requestId) throws SQLException {
        return store.currentVersion(c, requestId) > 0;
    }

    private EventMetadata systemCausedBy(EventEnvelope cause) {
        return new EventMetadata(Actor.system(store.source()), cause.correlationId(), cause.eventId().toString());
    }
}
