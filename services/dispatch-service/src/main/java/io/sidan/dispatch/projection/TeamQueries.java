package io.sidan.dispatch.projection;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.panache.common.Sort;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.TeamProfile;
import io.sidan.dispatch.domain.Suggestions;
import io.sidan.dispatch.domain.TeamFacts;

/** Reads about teams: profiles, open tasks, reputation and recent declines. */
@ApplicationScoped
public class TeamQueries {

    public Optional<TeamView> team(String teamId) {
        return Optional.ofNullable(teamId == null ? null : TeamView.findById(teamId));
    }

    public List<TeamView> teams() {
        return TeamView.listAll(Sort.by("teamId"));
    }

    public TeamProfile profile(TeamView v) {
        return new TeamProfile(v.teamId, v.name, v.categoryList(), v.gridList(), v.capacity, members(v), v.active);
    }

    public List<TeamProfile.Member> members(TeamView v) {
        try {
            return EventJson.mapper().readValue(v.members, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new IllegalStateException("team " + v.teamId + " has unreadable members", e);
        }
    }

    /** Locks the team's row, so that accepts by one team are counted one after the other. */
    public void lock(Connection c, String teamId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select 1 from team_view where team_id = ? for update")) {
            s.setString(1, teamId);
            s.executeQuery().close();
        }
    }

    /** Open tasks per team: cases it accepted and has not completed. */
    public Map<String, Integer> openTasks(Connection c) throws SQLException {
        Map<String, Integer> open = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select team_id, count(*) from case_view "
                + "where phase in ('ACCEPTED', 'IN_SERVICE') and team_id is not null group by team_id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                open.put(rs.getString(1), rs.getInt(2));
            }
        }
        return open;
    }

    public int openTasks(Connection c, String teamId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from case_view "
                + "where phase in ('ACCEPTED', 'IN_SERVICE') and team_id = ?")) {
            s.setString(1, teamId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public TeamFacts facts(Connection c, TeamView v) throws SQLException {
        return new TeamFacts(v.teamId, v.active, v.categoryList(), v.gridList(), v.capacity, openTasks(c, v.teamId));
    }

    public Optional<TeamReputation> reputation(String teamId) {
        return Optional.ofNullable(TeamReputation.findById(teamId));
    }

    /** Every team as a ranking candidate, with reputation and declines since {@code since}. */
    public List<Suggestions.Candidate> candidates(Connection c, Instant since) throws SQLException {
        Map<String, Integer> open = openTasks(c);
        Map<String, Integer> declines = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select team_id, count(*) from team_decline where declined_at >= ? "
                + "group by team_id")) {
            s.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    declines.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        Map<String, TeamReputation> reputations = new HashMap<>();
        for (TeamReputation r : TeamReputation.<TeamReputation>listAll()) {
            reputations.put(r.teamId, r);
        }
        return teams().stream().map(v -> {
            TeamReputation r = reputations.get(v.teamId);
            return new Suggestions.Candidate(new TeamFacts(v.teamId, v.active, v.categoryList(), v.gridList(), v.capacity,
                    open.getOrDefault(v.teamId, 0)), v.name, r == null ? null : r.score, r == null ? 0 : r.sampleSize,
                    declines.getOrDefault(v.teamId, 0));
        }).toList();
    }
}
