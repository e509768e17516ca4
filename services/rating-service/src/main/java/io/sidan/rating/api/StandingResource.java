package io.sidan.rating.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.sidan.eventing.tx.Transactions;
import io.sidan.kit.api.Params;
import io.sidan.kit.api.ProblemException;
import io.sidan.kit.security.Caller;
import io.sidan.rating.application.RatingApplication;
import io.sidan.rating.domain.RatingPolicy;
import io.sidan.rating.projection.RatingQueries;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What ratings earn: team reputation and volunteer points (积分, time bank). */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Standing", description = "Team reputation and volunteer points")
public class StandingResource {

    private final RatingQueries queries;
    private final RatingPolicy policy;
    private final Transactions tx;
    private final Caller caller;

    public StandingResource(RatingQueries queries, RatingApplication ratings, Transactions tx, Caller caller) {
        this.queries = queries;
        this.policy = ratings.policy();
        this.tx = tx;
        this.caller = caller;
    }

    @GET
    @Path("teams/{teamId}/reputation")
    @RolesAllowed({Caller.RESIDENT, Caller.DISPATCHER, Caller.REVIEWER, Caller.TEAM, Caller.ADMIN})
    @Operation(operationId = "getTeamReputation", summary = "A team's reputation and how it was computed", description = "The mean composite of the "
            + "team's latest rated sheets (20 by default), with those sheets listed.")
    @APIResponse(responseCode = "200", description = "The reputation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RatingDtos.Reputation.class)))
    public RatingDtos.Reputation reputation(@PathParam("teamId") String teamId) {
        Params.text("teamId", teamId, 60);
        String how = "Mean composite score of the team's latest " + policy.reputationWindow() + " rated sheets; each "
                + "composite weighs the overall scores of the parties that rated (resident " + policy.weight(io.sidan.contracts.events.Party.RESIDENT)
                + ", platform " + policy.weight(io.sidan.contracts.events.Party.DISPATCHER) + ", reviewer "
                + policy.weight(io.sidan.contracts.events.Party.REVIEWER) + "); sheets nobody rated are left out.";
        return tx.inTransaction(c -> queries.reputation(c, teamId, policy.reputationWindow(), how));
    }

    @GET
    @Path("volunteers/{volunteerId}/points")
    @RolesAllowed({Caller.DISPATCHER, Caller.TEAM, Caller.ADMIN})
    @Operation(operationId = "getVolunteerPoints", summary = "A volunteer's points and ledger", description = "Balance and every entry, each naming the "
            + "request and the points.awarded event it came from. Teams see their own members.")
    @APIResponse(responseCode = "200", description = "The points",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RatingDtos.Points.class)))
    public RatingDtos.Points points(@PathParam("volunteerId") String volunteerId) {
        Params.text("volunteerId", volunteerId, 60);
        String rule = "hours × " + policy.pointsPerHour() + " × quality (1.2 from composite 4.5, 1.0 from 3.5, 0.8 from 2.5, "
                + "0.5 below, 1.0 when nobody rated), rounded";
        return tx.inTransaction(c -> {
            if (!caller.is(Caller.ADMIN) && !caller.is(Caller.DISPATCHER)
                    && !queries.isMember(c, caller.teamId().orElse(""), volunteerId)) {
                throw ProblemException.notFound("There is no volunteer " + volunteerId + " in your team.");
            }
            return queries.points(c, volunteerId, rule);
        });
    }
}
