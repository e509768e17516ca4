package io.sidan.dispatch.application;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.domain.NotFound;
import io.sidan.contracts.events.TeamProfile;
import io.sidan.dispatch.projection.TeamQueries;
import io.sidan.dispatch.projection.TeamReputation;
import io.sidan.dispatch.projection.TeamView;
import io.sidan.eventing.tx.Transactions;

/** The team registry as admins and dispatchers read it: each team with its open tasks and reputation. */
@ApplicationScoped
public class TeamReads {

    private final Transactions tx;
    private final TeamQueries queries;

    public TeamReads(Transactions tx, TeamQueries queries) {
        this.tx = tx;
        this.queries = queries;
    }

    /** A team with its members, its open tasks (accepted or in service) and its reputation, if rated. */
    public record TeamRead(TeamView view, List<TeamProfile.Member> members, int openTasks, TeamReputation reputation) {
    }

    public List<TeamRead> all() {
        return tx.inTransaction(c -> {
            Map<String, Integer> open = queries.openTasks(c);
            return queries.teams().stream().map(t -> read(t, open.getOrDefault(t.teamId, 0))).toList();
        });
    }

    public TeamRead one(String teamId) {
        return tx.inTransaction(c -> {
            TeamView t = queries.team(teamId).orElseThrow(() -> new NotFound("There is no team " + teamId + "."));
            return read(t, queries.openTasks(c, teamId));
        });
    }

    private TeamRead read(TeamView t, int openTasks) {
        return new TeamRead(t, queries.members(t), openTasks, queries.reputation(t.teamId).orElse(null));
    }
}
