package io.sidan.dispatch.api;

import java.net.URI;
import java.util.List;
import java.util.OptionalLong;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.sidan.dispatch.application.TeamApplication;
import io.sidan.dispatch.application.TeamReads;
import io.sidan.dispatch.domain.TeamCommand;
import io.sidan.dispatch.projection.TeamReputation;
import io.sidan.dispatch.projection.TeamView;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.kit.api.CorrelationIds;
import io.sidan.kit.api.Etags;
import io.sidan.kit.api.ProblemException;
import io.sidan.kit.security.Caller;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/teams")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Teams", description = "Volunteer teams: skills, grids, capacity, members")
public class TeamResource {

    private final TeamApplication application;
    private final TeamReads reads;
    private final Caller caller;

    public TeamResource(TeamApplication application, TeamReads reads, Caller caller) {
        this.application = application;
        this.reads = reads;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Caller.ADMIN, Caller.DISPATCHER})
    @Operation(operationId = "listTeams", summary = "List teams", description = "Every team with its open tasks and reputation.")
    @APIResponse(responseCode = "200", description = "Teams",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TeamDetails[].class)))
    public List<TeamDetails> list() {
        return reads.all().stream().map(TeamResource::details).toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Caller.ADMIN, Caller.DISPATCHER, Caller.TEAM})
    @Operation(operationId = "getTeam", summary = "One team", description = "Admins and dispatchers read any team; a team account reads its own.")
    @APIResponse(responseCode = "200", description = "The team",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TeamDetails.class)))
    public Response get(@PathParam("id") String id) {
        if (!caller.is(Caller.ADMIN) && !caller.is(Caller.DISPATCHER) && !caller.teamId().orElse("").equals(id)) {
            throw ProblemException.notFound("There is no team " + id + " you may see.");
        }
        TeamDetails details = details(reads.one(id));
        return Response.ok(details).tag(details.etag().replace("\"", "")).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "registerTeam", summary = "Register a team (admin)", description = "Recorded as team.registered on sidan.team.events.")
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TeamDetails.class)))
    @APIResponse(responseCode = "409", description = "The id is taken")
    public Response register(@Valid @NotNull TeamBody body) {
        application.execute(new TeamCommand.Register(body.toProfile()), metadata(), OptionalLong.empty());
        TeamDetails details = details(reads.one(body.teamId()));
        return Response.created(URI.create("/api/teams/" + body.teamId())).tag(details.etag().replace("\"", ""))
                .entity(details).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "updateTeam", summary = "Update a team (admin)", description = "The whole new profile; recorded as team.updated. "
            + "Pausing a team (active false) keeps its open tasks but gives it no new ones.")
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TeamDetails.class)))
    @APIResponse(responseCode = "409", description = "Changed by someone else at the same moment")
    public Response update(@PathParam("id") String id, @Valid @NotNull TeamBody body,
                           @Parameter(in = ParameterIn.HEADER, description = "The ETag you read") @HeaderParam("If-Match") String ifMatch) {
        if (!id.equals(body.teamId())) {
            throw ProblemException.invalidField("teamId", "must equal the id in the path (" + id + ")");
        }
        application.execute(new TeamCommand.Update(body.toProfile()), metadata(), Etags.ifMatch(ifMatch));
        TeamDetails details = details(reads.one(id));
        return Response.ok(details).tag(details.etag().replace("\"", "")).build();
    }

    private static TeamDetails details(TeamReads.TeamRead read) {
        TeamView t = read.view();
        TeamReputation r = read.reputation();
        return new TeamDetails(t.teamId, t.name, t.categoryList(), t.gridList(), t.capacity, read.members(), t.active,
                read.openTasks(), r == null ? null : r.score, r == null ? 0 : r.sampleSize, Etags.of(t.streamVersion));
    }

    private EventMetadata metadata() {
        return new EventMetadata(caller.as(Caller.ADMIN), CorrelationIds.from(null), null);
    }
}
