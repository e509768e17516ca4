package io.sidan.rating.application;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.Scores;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.store.AppendResult;
import io.sidan.eventing.store.ConcurrencyConflict;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.eventing.tx.Transactions;
import io.sidan.rating.config.RatingConfig;
import io.sidan.rating.domain.RatingPolicy;
import io.sidan.rating.domain.Scoring;
import io.sidan.rating.domain.SheetCommand;
import io.sidan.rating.domain.SheetDecider;
import io.sidan.rating.domain.SheetState;
import io.sidan.rating.projection.RatingQueries;
import io.sidan.rating.projection.SheetProjection;
import org.jboss.logging.Logger;

/**
 * Command handling for rating sheets through the one {@link CommandHandler}, projected in the same transaction. When
 * a sheet becomes final with a composite, the team's reputation is recomputed and published in the
 * same transaction.
 */
@ApplicationScoped
public class RatingApplication {

    private static final Logger LOG = Logger.getLogger(RatingApplication.class);

    private final Transactions tx;
    private final MeterRegistry registry;
    private final EventStore store;
    private final SheetProjection projection;
    private final RatingPolicy policy;
    private final CommandHandler<SheetState, SheetCommand, RatingEvent> sheets;

    public RatingApplication(Transactions tx, EventStore store, SheetProjection projection, RatingConfig config,
                             MeterRegistry registry, RatingQueries queries) {
        this.registry = registry;
        this.tx = tx;
        // bad ratings awaiting a follow-up call (回访), from the database: the same on every instance (take the max)
        Gauge.builder("sidan.followups.open", tx, t -> t.inTransaction(queries::openFollowUps))
                .description("bad ratings (overall 1 or 2) awaiting a follow-up").register(registry);
        this.store = store;
        this.projection = projection;
        this.policy = config.policy();
        this.sheets = new CommandHandler<>(store, SheetDecider.with(policy));
    }

    public RatingPolicy policy() {
        return policy;
    }

    /** A completion from the dispatch service opens the round's sheet; runs in the consumer's transaction. */
    public void open(Connection c, CaseEvent.ServiceCompleted done, EventEnvelope cause) throws SQLException {
        SheetState sheet = execute(c, done.requestId(), new SheetCommand.Open(done.requestId(), done.round(), done.teamId(),
                done.requesterId(), done.category(), done.grid(), done.volunteerHours(), cause.occurredAt()),
                new EventMetadata(Actor.system(store.source()), cause.correlationId(), cause.eventId().toString()));
        LOG.infof("rating sheet of request %s round %d open (team %s)", done.requestId(), sheet.round(), done.teamId());
    }

    public SheetState rate(String requestId, Party party, String raterId, Scores scores, String comment, Instant now,
                           EventMetadata metadata) {
        SheetState sheet = tx.inTransaction(c -> execute(c, requestId, new SheetCommand.Rate(party, raterId, scores, comment, now), metadata));
        // after the commit; the score is 1 to 5 and the party one of four: a handful of series
        Counter.builder("sidan.ratings").description("ratings submitted, by party and overall score (1 to 5)")
                .tags("party", party.name(), "overall", String.valueOf(scores.overall())).register(registry).increment();
        return sheet;
    }

    public SheetState followUp(String requestId, String note, boolean reopenRequested, EventMetadata metadata) {
        return tx.inTransaction(c -> execute(c, requestId, new SheetCommand.FollowUp(note, reopenRequested), metadata));
    }

    /** Finalizes every open sheet whose window ended; returns how many. */
    public int closeWindows(Instant now) {
        List<String> due = tx.inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select distinct request_id from sheet_view where status = 'OPEN' "
                    + "and window_ends_at <= ? limit 500")) {
                s.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
        int closed = 0;
        for (String id : due) {
            try {
                SheetState after = tx.inTransaction(c -> execute(c, id, new SheetCommand.CloseWindow(now),
                        EventMetadata.by(Actor.system(store.source()))));
                closed += after.finalized() ? 1 : 0;
            } catch (ConcurrencyConflict e) {
                // another instance finalized it at the same moment
            }
        }
        return closed;
    }

    private SheetState execute(Connection c, String requestId, SheetCommand command, EventMetadata metadata)
            throws SQLException {
        CommandHandler.Outcome<SheetState, RatingEvent> outcome = sheets.handle(c, requestId, state -> command, metadata,
                OptionalLong.empty());
        for (CommandHandler.Appended<RatingEvent> a : outcome.appended()) {
            projection.apply(c, a.event(), a.envelope());
            if (a.event() instanceof RatingEvent.Finalized f && f.composite() != null) {
                updateReputation(c, f.teamId(), f.requestId(), a.envelope());
            }
        }
        return outcome.state();
    }

    /** Recomputes a team's rolling reputation from its latest rated sheets and publishes it. */
    private void updateReputation(Connection c, String teamId, String requestId, EventEnvelope cause) throws SQLException {
        String stream = "reputation:" + teamId;
        sheets.lock(c, stream); // reputation events are computed, not commanded: only the lock is shared
        List<Double> latest = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select composite from team_sheet_score where team_id = ? "
                + "order by finalized_at desc, request_id limit ?")) {
            s.setString(1, teamId);
            s.setInt(2, policy.reputationWindow());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    latest.add(rs.getDouble(1));
                }
            }
        }
        RatingEvent.ReputationChanged changed = new RatingEvent.ReputationChanged(teamId, Scoring.reputation(latest),
                latest.size(), policy.reputationWindow(), requestId);
        AppendResult result = store.append(c, stream, store.currentVersion(c, stream), List.of(changed),
                new EventMetadata(Actor.system(store.source()), cause.correlationId(), cause.eventId().toString()));
        projection.apply(c, changed, result.appended().get(0));
    }

}
