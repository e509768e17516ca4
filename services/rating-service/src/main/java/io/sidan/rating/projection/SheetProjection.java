package io.sidan.rating.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * step with the rating events, one event at a time.
 */
@ApplicationScoped
public class SheetProjection implements Projection {

    private final EventStore store;

    public SheetProjection(EventStore store) {
        this.store = store;
    }

    public void apply(Connection c, RatingEvent event, EventEnvelope e) throws SQLException {
        OffsetDateTime at = OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC);
        switch (event) {
            case RatingEvent.Opened o -> update(c, "insert into sheet_view (request_id, round, team_id, requester_id, category, "
                            + "grid, status, expected, window_ends_at, opened_at) values (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?) "
                            + "on conflict do nothing", o.requestId(), o.round(), o.teamId(), o.requesterId(), o.category(),
                    o.grid(), o.expectedParties().stream().map(Party::name).collect(Collectors.joining(",")),
                    OffsetDateTime.ofInstant(o.windowEndsAt(), ZoneOffset.UTC), at);
            case RatingEvent.Submitted s -> update(c, "insert into rating_entry (request_id, round, party, rater_id, rater_name, "
                            + "overall, timeliness, attitude, quality, comment, rated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "on conflict do nothing", s.requestId(), s.round(), s.party().name(), s.raterId(),
                    e.actor().name(), s.scores().overall(), s.scores().timeliness(), s.scores().attitude(),
                    s.scores().quality(), s.comment(), at);
            case RatingEvent.Flagged f -> update(c, "insert into flag_view (request_id, round, party, team_id, overall, comment, "
                            + "flagged_at) select ?, ?, ?, team_id, ?, ?, ? from sheet_view where request_id = ? and round = ? "
                            + "on conflict do nothing", f.requestId(), f.round(), f.party().name(), f.overall(), f.comment(), at,
                    f.requestId(), f.round());
            case RatingEvent.FollowedUp f -> update(c, "update flag_view set followed_up_at = ?, follow_up_note = ?, "
                    + "reopen_requested = ? where request_id = ? and round = ? and followed_up_at is null", at, f.note(),
                    f.reopenRequested(), f.requestId(), f.round());
            case RatingEvent.Finalized f -> {
                update(c, "update sheet_view set status = 'FINAL', finalized_at = ?, composite = ?, finalization_reason = ?, "
                                + "no_response = ? where request_id = ? and round = ?", at, f.composite(), f.reason().name(),
                        f.noResponse().stream().map(Party::name).collect(Collectors.joining(",")), f.requestId(), f.round());
                if (f.composite() != null) {
                    update(c, "insert into team_sheet_score (team_id, request_id, round, composite, finalized_at) "
                            + "values (?, ?, ?, ?, ?) on conflict do nothing", f.teamId(), f.requestId(), f.round(), f.composite(), at);
                }
            }
            case RatingEvent.PointsAwarded p -> update(c, "insert into points_ledger (event_id, volunteer_id, volunteer_name, "
                            + "request_id, round, hours, points, rule, awarded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "on conflict do nothing", e.eventId(), p.volunteerId(), p.volunteerName(), p.requestId(), p.round(),
                    p.hours(), p.points(), p.rule(), at);
            case RatingEvent.ReputationChanged r -> update(c, "insert into reputation_view (team_id, score, sample_size, "
                            + "window_size, updated_at) values (?, ?, ?, ?, ?) on conflict (team_id) do update set "
                            + "score = excluded.score, sample_size = excluded.sample_size, window_size = excluded.window_size, "
                            + "updated_at = excluded.updated_at", r.teamId(), r.score(), r.sampleSize(), r.windowSize(), at);
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    @Override
    public String name() {
        return "ratings";
    }

    @Override
    public void reset(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("lock table sheet_view, rating_entry, flag_view, points_ledger, team_sheet_score, reputation_view "
                    + "in access exclusive mode");
            for (String table : new String[] {"sheet_view", "rating_entry", "flag_view", "points_ledger", "team_sheet_score",
                    "reputation_view"}) {
                s.execute("delete from " + table);
            }
        }
    }

    @Override
    public void apply(Connection c, StoredEvent event) throws Exception {
        if (store.catalogue().decode(event.envelope()).orElse(null) instanceof RatingEvent e) {
            apply(c, e, event.envelope());
        }
    }
}
