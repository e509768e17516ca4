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

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.Scores;
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
import io.sidan.rating.projection.SheetProjection;

/**
 * Command handling for rating sheets: lock, fold, decide, append, project in one transaction. When
 * a sheet becomes final with a composite, the team's reputation is recomputed and published in the
 * same transaction.
 */
@ApplicationScoped
public class RatingApplication {

    private final Transactions tx;
    private final EventStore store;
    private final SheetProjection projection;
    private final RatingPolicy policy;

    public RatingApplication(Transactions tx, EventStore store, SheetProjection projection, RatingConfig config) {
        this.tx = tx;
        this.store = store;
        this.projection = projection;
        this.policy = config.policy();
    }

    public RatingPolicy policy() {
        return policy;
    }

    /** A completion from the dispatch service opens the round's sheet; runs in the consumer's transaction. */
    public void open(Connection c, CaseEvent.ServiceCompleted done, EventEnvelope cause) throws SQLException {
        execute(c, done.requestId(), new SheetCommand.Open(done.requestId(), done.round(), done.teamId(), done.requesterId(),
                done.category(), done.grid(), done.volunteerHours(), cause.occurredAt()),
                new EventMetadata(Actor.system(store.source()), cause.correlationId(), cause.eventId().toString()));
    }

    public SheetState rate(String requestId, Party party, String raterId, Scores scores, String comment, Instant now,
                           EventMetadata metadata) {
        return tx.inTransaction(c -> execute(c, requestId, new SheetCommand.Rate(party, raterId, scores, comment, now), metadata));
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
        lock(c, requestId);
        List<StoredEvent> stream = store.readStream(c, requestId);
        SheetState state = fold(stream);
        long version = stream.isEmpty() ? 0 : stream.get(stream.size() - 1).envelope().streamVersion();
        List<RatingEvent> events = SheetDecider.decide(command, state, policy);
        if (events.isEmpty()) {
            return state;
        }
        AppendResult result = store.append(c, requestId, version, events, metadata);
        for (int i = 0; i < events.size(); i++) {
            RatingEvent event = events.get(i);
            EventEnvelope envelope = result.appended().get(i);
            projection.apply(c, event, envelope);
            state = SheetDecider.evolve(state, event, envelope.occurredAt());
            if (event instanceof RatingEvent.Finalized f && f.composite() != null) {
                updateReputation(c, f.teamId(), f.requestId(), envelope);
            }
        }
        return state;
    }

    /** Recomputes a team's rolling reputation from its latest rated sheets and publishes it. */
    private void updateReputation(Connection c, String teamId, String requestId, EventEnvelope cause) throws SQLException {
        String stream = "reputation:" + teamId;
        lock(c, stream);
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

    public SheetState fold(List<StoredEvent> stream) {
        SheetState state = SheetState.NONE;
        for (StoredEvent e : stream) {
            if (store.catalogue().decode(e.envelope()).orElse(null) instanceof RatingEvent event) {
                state = SheetDecider.evolve(state, event, e.envelope().occurredAt());
            }
        }
        return state;
    }

    /** Serializes commands on one stream, also before it has its first event. */
    private static void lock(Connection c, String streamId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
            s.setString(1, streamId);
            s.executeQuery().close();
        }
    }
}
