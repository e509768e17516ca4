package io.sidan.rating.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sidan.eventing.store.CopyIn;
import io.sidan.rating.projection.SheetProjection.Pending;

/**
 * The rating model's rows held in memory while a rebuild makes them: each {@link SheetProjection.Write} applied as
 * its statement applies it to the tables (an insert that keeps the first row of a key, an update of the rows it
 * names), then every row copied into the rebuild's fresh tables at once. So a rebuild writes each row once, with
 * COPY, where replaying the statements would insert a sheet and update it again, and rewrite a team's reputation
 * row once per rated sheet.
 */
final class RatingRows {

    static final List<String> SHEET = List.of("request_id", "round", "team_id", "requester_id", "category", "grid", "status",
            "expected", "window_ends_at", "opened_at", "finalized_at", "composite", "finalization_reason", "no_response");
    static final List<String> RATING = List.of("request_id", "round", "party", "rater_id", "rater_name", "overall", "timeliness",
            "attitude", "quality", "comment", "rated_at");
    static final List<String> FLAG = List.of("request_id", "round", "party", "team_id", "overall", "comment", "flagged_at",
            "followed_up_at", "follow_up_note", "reopen_requested");
    static final List<String> SCORE = List.of("team_id", "request_id", "round", "composite", "finalized_at");
    static final List<String> AWARD = List.of("event_id", "volunteer_id", "volunteer_name", "request_id", "round", "hours",
            "points", "rule", "awarded_at");
    static final List<String> REPUTATION = List.of("team_id", "score", "sample_size", "window_size", "updated_at");

    private final Map<List<Object>, Object[]> sheets = new LinkedHashMap<>();
    private final Map<List<Object>, Object[]> ratings = new LinkedHashMap<>();
    private final Map<List<Object>, Object[]> flags = new LinkedHashMap<>();
    private final Map<List<Object>, Object[]> scores = new LinkedHashMap<>();
    private final Map<Object, Object[]> awards = new LinkedHashMap<>();
    private final Map<Object, Object[]> reputations = new LinkedHashMap<>();

    /** One statement, as it would change the tables; values bound as the statement binds them. */
    void apply(Pending p) {
        Object[] v = p.values();
        switch (p.write()) {
            case OPEN_SHEET -> sheets.putIfAbsent(List.of(v[0], v[1]),
                    new Object[] {v[0], v[1], v[2], v[3], v[4], v[5], "OPEN", v[6], v[7], v[8], null, null, null, null});
            case ADD_RATING -> ratings.putIfAbsent(List.of(v[0], v[1], v[2]), v.clone());
            case FLAG -> {
                Object[] sheet = sheets.get(List.of(v[6], v[7]));
                if (sheet != null) {
                    flags.putIfAbsent(List.of(v[0], v[1], v[2]), new Object[] {v[0], v[1], v[2], sheet[2], v[3], v[4], v[5],
                            null, null, null});
                }
            }
            case FOLLOW_UP -> {
                for (Object[] flag : flags.values()) {
                    if (flag[0].equals(v[3]) && flag[1].equals(v[4]) && flag[7] == null) {
                        flag[7] = v[0];
                        flag[8] = v[1];
                        flag[9] = v[2];
                    }
                }
            }
            case FINALIZE -> {
                Object[] sheet = sheets.get(List.of(v[4], v[5]));
                if (sheet != null) {
                    sheet[6] = "FINAL";
                    sheet[10] = v[0];
                    sheet[11] = v[1];
                    sheet[12] = v[2];
                    sheet[13] = v[3];
                }
            }
            case SCORE -> scores.putIfAbsent(List.of(v[1], v[2]), v.clone());
            case AWARD -> awards.putIfAbsent(v[0], v.clone());
            case REPUTATION -> reputations.put(v[0], v.clone());
        }
    }

    /** Copies the sheets' rows (all but the reputations) and forgets them: a chunk of whole sheets is done. */
    void copySheets(Connection c) throws SQLException {
        copy(c, "sheet_view", SHEET, sheets);
        copy(c, "rating_entry", RATING, ratings);
        copy(c, "flag_view", FLAG, flags);
        copy(c, "team_sheet_score", SCORE, scores);
        copy(c, "points_ledger", AWARD, awards);
    }

    void copyReputations(Connection c) throws SQLException {
        copy(c, "reputation_view", REPUTATION, reputations);
    }

    private static void copy(Connection c, String table, List<String> columns, Map<?, Object[]> rows) throws SQLException {
        CopyIn.rows(c, table, columns, new ArrayList<>(rows.values()));
        rows.clear();
    }
}
