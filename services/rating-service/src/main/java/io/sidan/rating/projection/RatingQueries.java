package io.sidan.rating.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;


/** Reads of the rating read models. */
@ApplicationScoped
public class RatingQueries {

    /** Who asked for a known request (empty when the request is unknown here). */
    public Optional<Optional<String>> requester(Connection c, String requestId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select requester_id from known_request where request_id = ?")) {
            s.setString(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(Optional.ofNullable(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** The latest round's sheet of a request, with its ratings, flags and the earlier rounds. */
    public Optional<RatingViews.Sheet> sheet(Connection c, String requestId) throws SQLException {
        List<RatingViews.PastRound> rounds = new ArrayList<>();
        RatingViews.Sheet latest = null;
        try (PreparedStatement s = c.prepareStatement("select * from sheet_view where request_id = ? order by round desc")) {
            s.setString(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int round = rs.getInt("round");
                    if (latest == null) {
                        List<String> expected = split(rs.getString("expected"));
                        List<RatingViews.PartyRating> ratings = ratings(c, requestId, round);
                        List<String> rated = ratings.stream().map(RatingViews.PartyRating::party).toList();
                        latest = new RatingViews.Sheet(requestId, round, rs.getString("team_id"), rs.getString("status"),
                                expected, expected.stream().filter(p -> !rated.contains(p)).toList(), ratings,
                                instant(rs, "opened_at"), instant(rs, "window_ends_at"), instant(rs, "finalized_at"),
                                (Double) rs.getObject("composite"), rs.getString("finalization_reason"),
                                split(rs.getString("no_response")), flags(c, "where request_id = ? and round = ?", requestId, round),
                                rounds);
                    } else {
                        rounds.add(new RatingViews.PastRound(round, rs.getString("status"), (Double) rs.getObject("composite"),
                                rs.getString("finalization_reason"), instant(rs, "finalized_at")));
                    }
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    public String teamOf(Connection c, String requestId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select team_id from sheet_view where request_id = ? order by round desc limit 1")) {
            s.setString(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private List<RatingViews.PartyRating> ratings(Connection c, String requestId, int round) throws SQLException {
        List<RatingViews.PartyRating> ratings = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select * from rating_entry where request_id = ? and round = ? order by rated_at")) {
            s.setString(1, requestId);
            s.setInt(2, round);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ratings.add(new RatingViews.PartyRating(rs.getString("party"), rs.getString("rater_name"), rs.getInt("overall"),
                            rs.getInt("timeliness"), rs.getInt("attitude"), rs.getInt("quality"), rs.getString("comment"),
                            instant(rs, "rated_at")));
                }
            }
        }
        return ratings;
    }

    /** Flags matching a where-clause over flag_view. */
    public List<RatingViews.Flag> flags(Connection c, String where, Object... args) throws SQLException {
        List<RatingViews.Flag> flags = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select * from flag_view " + where + " order by flagged_at desc limit 500")) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    flags.add(new RatingViews.Flag(rs.getString("request_id"), rs.getInt("round"), rs.getString("party"),
                            rs.getString("team_id"), rs.getInt("overall"), rs.getString("comment"), instant(rs, "flagged_at"),
                            instant(rs, "followed_up_at"), rs.getString("follow_up_note"), (Boolean) rs.getObject("reopen_requested")));
                }
            }
        }
        return flags;
    }

    public RatingViews.Reputation reputation(Connection c, String teamId, int window, String howComputed) throws SQLException {
        List<RatingViews.SheetScore> sheets = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select request_id, round, composite, finalized_at from team_sheet_score "
                + "where team_id = ? order by finalized_at desc, request_id limit ?")) {
            s.setString(1, teamId);
            s.setInt(2, window);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    sheets.add(new RatingViews.SheetScore(rs.getString(1), rs.getInt(2), rs.getDouble(3), instant(rs, "finalized_at")));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("select score, sample_size, window_size from reputation_view where team_id = ?")) {
            s.setString(1, teamId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return new RatingViews.Reputation(teamId, rs.getDouble(1), rs.getInt(2), rs.getInt(3), howComputed, sheets);
                }
            }
        }
        return new RatingViews.Reputation(teamId, null, 0, window, howComputed, sheets);
    }

    public RatingViews.Points points(Connection c, String volunteerId, String rule) throws SQLException {
        List<RatingViews.LedgerEntry> ledger = new ArrayList<>();
        long balance = 0;
        double hours = 0;
        String name = null;
        try (PreparedStatement s = c.prepareStatement("select * from points_ledger where volunteer_id = ? "
                + "order by awarded_at desc, event_id")) {
            s.setString(1, volunteerId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ledger.add(new RatingViews.LedgerEntry(rs.getString("event_id"), rs.getString("request_id"), rs.getInt("round"),
                            rs.getDouble("hours"), rs.getInt("points"), rs.getString("rule"), instant(rs, "awarded_at")));
                    balance += rs.getInt("points");
                    hours += rs.getDouble("hours");
                    name = name == null ? rs.getString("volunteer_name") : name;
                }
            }
        }
        if (name == null) {
            name = memberName(c, volunteerId);
        }
        return new RatingViews.Points(volunteerId, name, balance, Math.round(hours * 100) / 100.0, ledger, rule);
    }

    /** Bad ratings awaiting a follow-up call (a partial index holds exactly these). */
    public long openFollowUps(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from flag_view where followed_up_at is null");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Whether a volunteer is a member of a team (from the team registry's events). */
    public boolean isMember(Connection c, String teamId, String volunteerId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select 1 from team_member where team_id = ? and volunteer_id = ?")) {
            s.setString(1, teamId);
            s.setString(2, volunteerId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String memberName(Connection c, String volunteerId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select name from team_member where volunteer_id = ? limit 1")) {
            s.setString(1, volunteerId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
