package io.sidan.rating.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.eventing.replay.Projection;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;

/**
 * Keeps the rating read models (sheets, ratings, flags, points ledger, sheet scores, reputation) in
 * step with the rating events: each event becomes a few {@link Write}s, run at once when a command
 * appends the event, and in batches when the model is rebuilt.
 */
@ApplicationScoped
public class SheetProjection implements Projection {

    /**
     * Every statement of this projection. A rebuild applies them to rows in memory instead ({@link RatingRows},
     * which must change the rows as these statements do).
     */
    enum Write {
        OPEN_SHEET("insert into sheet_view (request_id, round, team_id, requester_id, category, grid, status, expected, "
                + "window_ends_at, opened_at) values (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?) on conflict do nothing"),
        ADD_RATING("insert into rating_entry (request_id, round, party, rater_id, rater_name, overall, timeliness, attitude, "
                + "quality, comment, rated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing"),
        FLAG("insert into flag_view (request_id, round, party, team_id, overall, comment, flagged_at) "
                + "select ?, ?, ?, team_id, ?, ?, ? from sheet_view where request_id = ? and round = ? on conflict do nothing"),
        FOLLOW_UP("update flag_view set followed_up_at = ?, follow_up_note = ?, reopen_requested = ? "
                + "where request_id = ? and round = ? and followed_up_at is null"),
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

        Write(String sql) {
            this.sql = sql;
        }
    }

    /** One statement with its values. */
    record Pending(Write write, Object... values) {
    }

    /** A rebuild reads this many sheets' streams at a time. */
    private static final int CHUNK = 500;

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

    /** Its replay writes each row once: the keys are built after it. */
    @Override
    public boolean replayNeedsKeys() {
        return false;
    }

    /**
     * The rebuild: the sheets {@value #CHUNK} whole streams at a time, then the teams' reputation streams; every
     * event's writes applied to the rows in memory ({@link RatingRows}) as the statements would apply them, and
     * the rows copied in once per chunk. A sheet's writes touch only its own rows, so stream by stream gives the
     * rows the events gave in global order (proved by {@code RatingFlowTest.aRebuiltRatingModelHasEveryRowItHadBefore}).
     */
    @Override
    public long replay(Connection c, EventStore events) throws SQLException {
        RatingRows rows = new RatingRows();
        long read = events.forEachChunkOfStreams(c, "rating.opened", CHUNK, (ids, streams) -> {
            for (String id : ids) {
                for (StoredEvent stored : streams.getOrDefault(id, List.of())) {
                    apply(rows, stored);
                }
            }
            rows.copySheets(c);
        });
        read += events.forEachInStreamsBegunBy(c, List.of("team.reputation-changed"), stored -> apply(rows, stored));
        rows.copyReputations(c);
        return read;
    }

    private void apply(RatingRows rows, StoredEvent stored) {
        if (store.catalogue().decode(stored.envelope()).orElse(null) instanceof RatingEvent event) {
            writesOf(event, stored.envelope()).forEach(rows::apply);
        }
    }
}
