package io.sidan.rating.api;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.Scores;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.kit.api.CorrelationIds;
import io.sidan.kit.api.Params;
import io.sidan.kit.api.ProblemException;
import io.sidan.kit.security.Caller;
import io.sidan.rating.application.RatingApplication;
import io.sidan.rating.application.RatingReads;
import io.sidan.rating.projection.RatingViews;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/ratings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ratings", description = "多元评单: rating sheets, ratings by each party, bad-rating follow-up")
public class RatingResource {

    private final RatingApplication ratings;
    private final RatingReads reads;
    private final Caller caller;
    private final Clock clock;

    public RatingResource(RatingApplication ratings, RatingReads reads, Caller caller, Clock clock) {
        this.ratings = ratings;
        this.reads = reads;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @Path("{requestId}")
    @RolesAllowed({Caller.RESIDENT, Caller.DISPATCHER, Caller.REVIEWER, Caller.TEAM, Caller.ADMIN})
    @Operation(operationId = "getRatingSheet", summary = "A request's rating sheet", description = "The latest round's sheet: who is expected, who rated "
            + "with what, who is still pending, the composite once final, bad ratings and their follow-up, and the "
            + "earlier rounds. Residents read only their own requests' sheets, teams only their own cases'.")
    @APIResponse(responseCode = "200", description = "The sheet",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RatingViews.Sheet.class)))
    public RatingViews.Sheet get(@PathParam("requestId") String requestId) {
        return reads.sheet(requestId, caller).orElseThrow(() -> ProblemException.notFound(
                "There is no rating sheet for request " + requestId + " (yet): sheets open when the service is completed."));
    }

    @POST
    @Path("{requestId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.RESIDENT, Caller.DISPATCHER, Caller.REVIEWER, Caller.TEAM})
    @Operation(operationId = "submitRating", summary = "Rate a completed service", description = "The party is taken from the caller: the resident "
            + "who asked (RESIDENT), a dispatcher for the platform (DISPATCHER), a community or third-party reviewer "
            + "(REVIEWER), or the team that served (TEAM, kept apart from the team's own score). One rating per party "
            + "and round; an overall of 1 or 2 is flagged for follow-up at once. The sheet becomes final when every "
            + "expected party rated.")
    @APIResponse(responseCode = "201", description = "Rated; the sheet as it is now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RatingViews.Sheet.class)))
    @APIResponse(responseCode = "409", description = "Not completed yet, already rated by this party, final, or the window ended")
    public Response rate(@PathParam("requestId") String requestId, @Valid @NotNull RatingDtos.RateBody body,
                         @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        Party party = reads.partyFor(requestId, caller);
        String comment = body.comment() == null || body.comment().isBlank() ? null : body.comment().trim();
        ratings.rate(requestId, party, caller.subject(), new Scores(body.overall(), body.timeliness(), body.attitude(),
                body.quality()), comment, clock.instant(), new EventMetadata(caller.as(roleOf(party)),
                CorrelationIds.from(correlationId), null));
        RatingViews.Sheet sheet = reads.current(requestId);
        return Response.created(URI.create("/api/ratings/" + requestId)).entity(sheet).build();
    }

    @POST
    @Path("{requestId}/follow-up")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "recordFollowUp", summary = "Record the follow-up of a bad rating (回访)", description = "After calling the resident back. "
            + "To send the request back to dispatch, reopen it on the request service.")
    @APIResponse(responseCode = "200", description = "Recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RatingViews.Sheet.class)))
    @APIResponse(responseCode = "409", description = "No bad rating on this request")
    public RatingViews.Sheet followUp(@PathParam("requestId") String requestId, @Valid @NotNull RatingDtos.FollowUpBody body,
                                     @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        reads.sheet(requestId, caller).orElseThrow(() ->
                ProblemException.notFound("There is no rating sheet for request " + requestId + "."));
        ratings.followUp(requestId, body.note().trim(), Boolean.TRUE.equals(body.reopenRequested()),
                new EventMetadata(caller.as(Caller.ADMIN), CorrelationIds.from(correlationId), null));
        return reads.current(requestId);
    }

    @GET
    @Path("flags")
    @RolesAllowed({Caller.ADMIN, Caller.DISPATCHER})
    @Operation(operationId = "listBadRatings", summary = "Bad ratings", description = "Ratings with an overall of 1 or 2, newest first; open=true (the "
            + "default) lists only those awaiting follow-up.")
    @APIResponse(responseCode = "200", description = "Flags",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RatingViews.Flag[].class)))
    public List<RatingViews.Flag> flags(@Parameter(description = "Only flags awaiting follow-up", schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "true"))
                                       @QueryParam("open") String open) {
        boolean onlyOpen = Params.bool("open", open, true);
        return reads.flags(onlyOpen);
    }


    private static String roleOf(Party party) {
        return switch (party) {
            case RESIDENT -> Caller.RESIDENT;
            case DISPATCHER -> Caller.DISPATCHER;
            case REVIEWER -> Caller.REVIEWER;
            case TEAM -> Caller.TEAM;
        };
    }
}
