package io.sidan.rating.application;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.domain.Ids;
import io.sidan.contracts.domain.NotFound;
import io.sidan.contracts.events.Party;
import io.sidan.eventing.tx.Transactions;
import io.sidan.kit.security.Caller;
import io.sidan.rating.domain.RatingPolicy;
import io.sidan.rating.projection.RatingQueries;
import io.sidan.rating.projection.RatingViews;

/**
 * Who may see which rating sheet, and as which party a caller rates: staff (admins, dispatchers,
 * reviewers) see every sheet; a resident the sheets of their own requests; a team those of the requests
 * it served. Anything else is "not found", so nobody learns of requests that are not theirs. Each read
 * runs in a transaction of its own.
 */
@ApplicationScoped
public class RatingReads {

    private final RatingQueries queries;
    private final RatingPolicy policy;
    private final Transactions tx;

    public RatingReads(RatingQueries queries, RatingApplication ratings, Transactions tx) {
        this.queries = queries;
        this.policy = ratings.policy();
        this.tx = tx;
    }

    /** The sheet of a request, if the caller may see it. */
    public Optional<RatingViews.Sheet> sheet(String requestId, Caller caller) {
        return tx.inTransaction(c -> visibleSheet(c, requestId, caller));
    }

    /** The sheet as it is now, for the caller who just changed it. */
    public RatingViews.Sheet current(String requestId) {
        return tx.inTransaction(c -> queries.sheet(c, requestId)).orElseThrow();
    }

    public List<RatingViews.Flag> flags(boolean onlyOpen) {
        return tx.inTransaction(c -> queries.flags(c, onlyOpen ? "where followed_up_at is null" : ""));
    }

    /** The party the caller rates as, checked against the request; "not found" for a request they may not rate. */
    public Party partyFor(String requestId, Caller caller) {
        return tx.inTransaction(c -> {
            if (!Ids.isUuid(requestId)) {
                throw new NotFound("There is no request " + requestId + ".");
            }
            Optional<Optional<String>> known = queries.requester(c, requestId);
            String team = queries.teamOf(c, requestId);
            if (known.isEmpty() && team == null) {
                throw new NotFound("There is no rating sheet for request " + requestId
                        + ": one opens when the service is completed.");
            }
            if (caller.is(Caller.RESIDENT)) {
                if (!caller.subject().equals(known.flatMap(r -> r).orElse(null))) {
                    throw new NotFound("There is no request " + requestId + " of yours.");
                }
                return Party.RESIDENT;
            }
            if (caller.is(Caller.REVIEWER)) {
                return Party.REVIEWER;
            }
            if (caller.is(Caller.DISPATCHER)) {
                return Party.DISPATCHER;
            }
            if (team == null || !team.equals(caller.teamId().orElse(null))) {
                throw new NotFound("Your team did not serve request " + requestId + ".");
            }
            return Party.TEAM;
        });
    }

    /** A team's reputation with the sheets behind it and how it was computed. */
    public RatingViews.Reputation reputation(String teamId) {
        String how = "Mean composite score of the team's latest " + policy.reputationWindow() + " rated sheets; each "
                + "composite weighs the overall scores of the parties that rated (resident " + policy.weight(Party.RESIDENT)
                + ", platform " + policy.weight(Party.DISPATCHER) + ", reviewer " + policy.weight(Party.REVIEWER)
                + "); sheets nobody rated are left out.";
        return tx.inTransaction(c -> queries.reputation(c, teamId, policy.reputationWindow(), how));
    }

    /** A volunteer's points and ledger; a team sees only its own members'. */
    public RatingViews.Points points(String volunteerId, Caller caller) {
        String rule = "hours × " + policy.pointsPerHour() + " × quality (1.2 from composite 4.5, 1.0 from 3.5, 0.8 from 2.5, "
                + "0.5 below, 1.0 when nobody rated), rounded";
        return tx.inTransaction(c -> {
            if (!caller.is(Caller.ADMIN) && !caller.is(Caller.DISPATCHER)
                    && !queries.isMember(c, caller.teamId().orElse(""), volunteerId)) {
                throw new NotFound("There is no volunteer " + volunteerId + " in your team.");
            }
            return queries.points(c, volunteerId, rule);
        });
    }

    private Optional<RatingViews.Sheet> visibleSheet(Connection c, String requestId, Caller caller) throws SQLException {
        if (!Ids.isUuid(requestId)) {
            return Optional.empty();
        }
        Optional<RatingViews.Sheet> sheet = queries.sheet(c, requestId);
        if (sheet.isEmpty() || caller.is(Caller.ADMIN) || caller.is(Caller.DISPATCHER) || caller.is(Caller.REVIEWER)) {
            return sheet;
        }
        if (caller.is(Caller.RESIDENT) && caller.subject().equals(queries.requester(c, requestId).flatMap(r -> r).orElse(null))) {
            return sheet;
        }
        if (caller.is(Caller.TEAM) && caller.teamId().orElse("").equals(sheet.get().teamId())) {
            return sheet;
        }
        return Optional.empty();
    }
}
