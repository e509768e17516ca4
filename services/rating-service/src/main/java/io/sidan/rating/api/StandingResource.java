package io.sidan.rating.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.sidan.kit.api.Params;
import io.sidan.kit.security.Caller;
import io.sidan.rating.application.RatingReads;
import io.sidan.rating.projection.RatingViews;
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

    private final RatingReads reads;
    private final Caller caller;

    public StandingResource(RatingReads reads, Caller caller) {
        this.reads = reads;
        this.caller = caller;
    }

    @GET
    @Path("teams/{teamId}/reputation")
    @RolesAllowed({Caller.RESIDENT, Caller.DISPATCHER, Caller.REVIEWER, Caller.TEAM, Caller.ADMIN})
    @Operation(operationId = "getTeamReputation", summary = "A team's reputation and how it was computed", description = "The mean composite of the "
            + "team's latest rated sheets (20 by default), with those sheets listed.")
    @APIResponse(responseCode = "200", description = "The reputation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RatingViews.Reputation.class)))
    public RatingViews.Reputation reputation(@PathParam("teamId") String teamId) {
        Params.text("teamId", teamId, 60);
        return reads.reputation(teamId);
    }

    @GET
    @Path("volunteers/{volunteerId}/points")
    @RolesAllowed({Caller.DISPATCHER, Caller.TEAM, Caller.ADMIN})
    @Operation(operationId = "getVolunteerPoints", summary = "A volunteer's points and ledger", description = "Balance and every entry, each naming the "
            + "request and the points.awarded event it came from. Teams see their own members.")
    @APIResponse(responseCode = "200", description = "The points",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RatingViews.Points.class)))
    public RatingViews.Points points(@PathParam("volunteerId") String volunteerId) {
        Params.text("volunteerId", volunteerId, 60);
        return reads.points(volunteerId, caller);
    }
}
