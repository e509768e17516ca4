package io.sidan.dispatch.api;

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

import io.sidan.contracts.events.VolunteerHours;
import io.sidan.dispatch.application.CaseApplication;
import io.sidan.dispatch.application.TeamTasks;
import io.sidan.dispatch.projection.CaseView;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.kit.api.CorrelationIds;
import io.sidan.kit.api.Params;
import io.sidan.kit.security.Caller;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The volunteer team's side (团队接单): its tasks, and accept, decline, start, notes, complete. */
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.TEAM)
@Tag(name = "Tasks", description = "团队接单: a team's offered and assigned cases and what it does with them")
public class TaskResource {

    private final CaseApplication cases;
    private final TeamTasks tasks;
    private final Caller caller;

    public TaskResource(CaseApplication cases, TeamTasks tasks, Caller caller) {
        this.cases = cases;
        this.tasks = tasks;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "listTasks", summary = "My team's tasks", description = "Cases offered to the team (抢单), assigned to it and waiting "
            + "for its answer, accepted or in service; with completed=true its completed cases, newest first. The "
            + "resident's contact is masked here; the serving team reads it with GET /api/tasks/{requestId}/contact.")
    @APIResponse(responseCode = "200", description = "Tasks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskDtos.Task[].class)))
    public List<TaskDtos.Task> list(@Parameter(description = "Completed tasks instead of active ones",
            schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("completed") String completedParam) {
        boolean completed = Params.bool("completed", completedParam, false);
        return tasks.list(team(), completed).stream().map(t -> CaseMapping.task(t.view(), t.request())).toList();
    }

    @POST
    @Path("{requestId}/accept")
    @Operation(operationId = "acceptTask", summary = "Accept (接单)", description = "Accept a case assigned or offered to the team before its "
            + "deadline. For an open grab, the first team wins; the others get 409. A team at capacity gets 409.")
    @APIResponse(responseCode = "200", description = "Accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskDtos.Task.class)))
    @APIResponse(responseCode = "409", description = "Taken by another team, deadline passed, or the team is at capacity")
    public TaskDtos.Task accept(@PathParam("requestId") String requestId, @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        String team = team();
        visible(requestId, team);
        return task(cases.accept(requestId, team, metadata(correlationId)));
    }

    @POST
    @Path("{requestId}/decline")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "declineTask", summary = "Decline", description = "The case goes back to the queue and this team is not suggested for it again.")
    @APIResponse(responseCode = "200", description = "Declined",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskDtos.Task.class)))
    @APIResponse(responseCode = "409", description = "Not waiting for this team's answer")
    public TaskDtos.Task decline(@PathParam("requestId") String requestId, @Valid @NotNull TaskDtos.DeclineBody body,
                                 @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        String team = team();
        visible(requestId, team);
        return task(cases.decline(requestId, team, body.reason().trim(), metadata(correlationId)));
    }

    @POST
    @Path("{requestId}/start")
    @Operation(operationId = "startTask", summary = "Start on site", description = "The team is at the resident's place and begins the service.")
    @APIResponse(responseCode = "200", description = "Started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskDtos.Task.class)))
    @APIResponse(responseCode = "409", description = "Not accepted by this team")
    public TaskDtos.Task start(@PathParam("requestId") String requestId, @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        String team = team();
        visible(requestId, team);
        return task(cases.start(requestId, team, metadata(correlationId)));
    }

    @POST
    @Path("{requestId}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "addTaskNote", summary = "Add a progress note", description = "Public notes show in the resident's timeline.")
    @APIResponse(responseCode = "200", description = "Noted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskDtos.Task.class)))
    @APIResponse(responseCode = "409", description = "Not being served by this team")
    public TaskDtos.Task note(@PathParam("requestId") String requestId, @Valid @NotNull TaskDtos.NoteBody body,
                              @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        String team = team();
        visible(requestId, team);
        return task(cases.note(requestId, team, body.text().trim(), body.visibleToResident() == null || body.visibleToResident(),
                metadata(correlationId)));
    }

    @POST
    @Path("{requestId}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "completeTask", summary = "Complete with volunteer hours", description = "Ends the service; each volunteer named must be "
            + "a member of the team. The hours feed the volunteers' points once the rating is final.")
    @APIResponse(responseCode = "200", description = "Completed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskDtos.Task.class)))
    @APIResponse(responseCode = "409", description = "Not in service with this team")
    public TaskDtos.Task complete(@PathParam("requestId") String requestId, @Valid @NotNull TaskDtos.CompleteBody body,
                                  @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        String team = team();
        visible(requestId, team);
        List<VolunteerHours> hours = tasks.hours(team, body.volunteerHours().stream()
                .map(h -> new TeamTasks.Hours(h.volunteerId(), h.hours())).toList());
        return task(cases.complete(requestId, team, body.summary().trim(), hours,
                body.evidence() == null ? List.of() : body.evidence(), metadata(correlationId)));
    }

    @GET
    @Path("{requestId}/contact")
    @Operation(operationId = "getTaskContact", summary = "The resident's contact, unmasked", description = "For the team serving the request, from its "
            + "acceptance until " + "a while after completion (sidan.dispatch.team-contact-after-completion, 3 days by "
            + "default). Each read is recorded in the access log (purpose `service`). Other teams, and the serving team "
            + "before acceptance or after that time, get 403.")
    @APIResponse(responseCode = "200", description = "The contact",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchDtos.Contact.class)))
    @APIResponse(responseCode = "403", description = "The team does not need the contact (now)")
    public DispatchDtos.Contact contact(@PathParam("requestId") String requestId) {
        return CaseMapping.contact(tasks.contact(requestId, team(), caller));
    }

    /** The caller's team, from the token's team_id claim. */
    private String team() {
        return tasks.teamOf(caller);
    }

    private void visible(String requestId, String team) {
        tasks.requireVisible(requestId, team);
    }

    private TaskDtos.Task task(CaseView v) {
        TeamTasks.Task t = tasks.task(v);
        return CaseMapping.task(t.view(), t.request());
    }

    private EventMetadata metadata(String correlationId) {
        return new EventMetadata(caller.as(Caller.TEAM), CorrelationIds.from(correlationId), null);
    }
}
