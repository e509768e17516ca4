package io.sidan.rating.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.eventing.replay.Projection;
import io.sidan.eventing.store.EventStore;

/**
 * Keeps the rating read models (sheets, ratings, flags, points ledger, sheet scores, reputation) in
 * step with the rating events: each event becomes a few {@link Write}s, run at once when a command
 * appends the event, and in batches when the model is rebuilt.
 */
@ApplicationScoped
public class SheetProjection implements Projection {

    /**
     * Every statement of this projection, in the order a rebuild runs its batches: each one reads or
     * changes only rows written by itself or by those above it (a flag takes its team from the sheet, a
     * follow-up changes a flag, a finalization changes a sheet). A follow-up is a barrier: it changes
     * every flag of the sheet not yet followed up, so it must run before a later flag of that sheet exists.
     */
    enum Write {
        OPEN_SHEET("insert into sheet_view (request_id, round, team_id, requester_id, category, grid, status, expected, "
                + "window_ends_at, opened_at) values (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?) on conflict do nothing"),
        ADD_RATING("insert into rating_entry (request_id, round, party, rater_id, rater_name, overall, timeliness, attitude, "
                + "quality, comment, rated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing"),
        FLAG("insert into flag_view (request_id, round, party, team_id, overall, comment, flagged_at) "
                + "select ?, ?, ?, team_id, ?, ?, ? from sheet_view where request_id = ? and round = ? on conflict do nothing"),
        FOLLOW_UP("update flag_view set followed_up_at = ?, follow_up_note = ?, reopen_requested = ? "
                + "where request_id = ? and round = ? and followed_up_at is null", true),
        FINALIZE("update sheet_view set status = 'FINAL', finalized_at = ?, composite = ?, finalization_reason = ?, "
                + "no_response = ? where request_id = ? and round = ?"),
        SCORE("insert into team_sheet_score (team_id, request_id, round, composite, finalized_at) values (?, ?, ?, ?, ?) "
                + "on conflict do nothing"),
        AWARD("insert into points_ledger (event_id, volunteer_id, volunteer_name, request_id, round, hours, points, rule, "
                + "awarded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing"),
        REPUTATION("insert into reputation_view (team_id, score, sample_size, window_size, updated_at) values (?, ?, ?, ?, ?) "
                + "on conflict (team_id) do update set score = excluded.score, sample_size = excluded.sample_size, "
                + "window_size = excluded.window_size, updated_at = excluded.updated_at");

        final String sql;
        /** Its batch, and everything collected before it, runs before the next event's writes are collected. */
        final boolean barrier;

        Write(String sql) {
            this(sql, false);
        }

        Write(String sql, boolean barrier) {
            this.sql = sql;
            this.barrier = barrier;
        }
    }

    /** One statement with its values. */
    record Pending(Write write, Object... values) {
    }

    /** A rebuild runs its batches after this many events (and at the end). */
    private static final int BATCH_EVENTS = 2_000;

    private final EventStore store;

    public SheetProjection(EventStore store) {
        this.store = store;
    }

    /** Applies one event at once, in the caller's transaction. */
    public void apply(Connection c, RatingEvent event, EventEnvelope e) throws SQLException {
        for (Pending p : writesOf(event, e)) {
            try (PreparedStatement s = c.prepareStatement(p.write().sql)) {
                bind(s, p.values());
                s.executeUpdate();
            }
        }
    }

    static List<Pending> writesOf(RatingEvent event, EventEnvelope e) {
        OffsetDateTime at = OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC);
        return switch (event) {
            case RatingEvent.Opened o -> List.of(new Pending(Write.OPEN_SHEET, o.requestId(), o.round(), o.teamId(),
                    o.requesterId(), o.category(), o.grid(), o.expectedParties().stream().map(Party::name)
                    .collect(Collectors.joining(",")), OffsetDateTime.ofInstant(o.windowEndsAt(), ZoneOffset.UTC), at));
            case RatingEvent.Submitted s -> List.of(new Pending(Write.ADD_RATING, s.requestId(), s.round(), s.party().name(),
                    s.raterId(), e.actor().name(), s.scores().overall(), s.scores().timeliness(), s.scores().attitude(),
                    s.scores().quality(), s.comment(), at));
            case RatingEvent.Flagged f -> List.of(new Pending(Write.FLAG, f.requestId(), f.round(), f.party().name(),
                    f.overall(), f.comment(), at, f.requestId(), f.round()));
            case RatingEvent.FollowedUp f -> List.of(new Pending(Write.FOLLOW_UP, at, f.note(), f.reopenRequested(),
                    f.requestId(), f.round()));
            case RatingEvent.Finalized f -> {
                Pending finalize = new Pending(Write.FINALIZE, at, f.composite(), f.reason().name(),
                        f.noResponse().stream().map(Party::name).collect(Collectors.joining(",")), f.requestId(), f.round());
                yield f.composite() == null ? List.of(finalize) : List.of(finalize,
                        new Pending(Write.SCORE, f.teamId(), f.requestId(), f.round(), f.composite(), at));
            }
            case RatingEvent.PointsAwarded p -> List.of(new Pending(Write.AWARD, e.eventId(), p.volunteerId(),
                    p.volunteerName(), p.requestId(), p.round(), p.hours(), p.points(), p.rule(), at));
            case RatingEvent.ReputationChanged r -> List.of(new Pending(Write.REPUTATION, r.teamId(), r.score(),
                    r.sampleSize(), r.windowSize(), at));
        };
    }

    private static void bind(PreparedStatement s, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            s.setObject(i + 1, values[i]);
        }
    }

    @Override
    public String name() {
        return "ratings";
    }

    @Override
    public List<String> tables() {
        return List.of("sheet_view", "rating_entry", "flag_view", "points_ledger", "team_sheet_score", "reputation_view");
    }

    /**
     * The rebuild: every event in global order, its writes collected per statement and run as one batch per
     * statement every {@value #BATCH_EVENTS} events (and at each barrier), in {@link Write}'s order. Within a
     * statement the writes keep the events' order, so the model ends as if each event had been applied at once
     * (proved by {@code RatingFlowTest.aRebuiltRatingModelHasEveryRowItHadBefore}).
     */
    @Override
    public long replay(Connection c, EventStore events) throws SQLException {
        Map<Write, List<Object[]>> batches = new EnumMap<>(Write.class);
        long[] sinceFlush = {0};
        long read = events.forEach(c, stored -> {
            boolean barrier = false;
            if (store.catalogue().decode(stored.envelope()).orElse(null) instanceof RatingEvent event) {
                for (Pending p : writesOf(event, stored.envelope())) {
                    batches.computeIfAbsent(p.write(), w -> new ArrayList<>()).add(p.values());
                    barrier |= p.write().barrier;
                }
            }
            if (++sinceFlush[0] == BATCH_EVENTS || barrier) {
                run(c, batches);
                sinceFlush[0] = 0;
            }
        });
        run(c, batches);
        return read;
    }

    private static void run(Connection c, Map<Write, List<Object[]>> batches) {
        try {
            for (Map.Entry<Write, List<Object[]>> batch : batches.entrySet()) { // an EnumMap iterates in Write's order
                try (PreparedStatement s = c.prepareStatement(batch.getKey().sql)) {
                    for (Object[] values : batch.getValue()) {
                        bind(s, values);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            batches.clear();
        } catch (SQLException e) {
            throw new IllegalStateException("rebuilding ratings failed: " + e.getMessage(), e);
        }
    }
}
