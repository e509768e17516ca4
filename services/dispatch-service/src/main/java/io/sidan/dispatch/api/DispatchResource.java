package io.sidan.dispatch.api;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
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

import io.sidan.dispatch.application.CaseApplication;
import io.sidan.dispatch.application.CaseReads;
import io.sidan.dispatch.domain.CasePhase;
import io.sidan.dispatch.domain.Suggestions;
import io.sidan.dispatch.projection.CaseView;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.kit.api.CorrelationIds;
import io.sidan.kit.api.Etags;
import io.sidan.kit.api.Params;
import io.sidan.kit.config.CentreConfig;
import io.sidan.kit.security.Caller;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/dispatch")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dispatch", description = "平台派单: the queue, ranked suggestions, assign, offer (抢单), reject")
public class DispatchResource {

    private final CaseApplication cases;
    private final CaseReads reads;
    private final Caller caller;
    private final Clock clock;
    private final ZoneId zone;

    public DispatchResource(CaseApplication cases, CaseReads reads, Caller caller, Clock clock, CentreConfig centre) {
        this.cases = cases;
        this.reads = reads;
        this.caller = caller;
        this.clock = clock;
        this.zone = centre.zone();
    }

    @GET
    @Path("queue")
    @RolesAllowed({Caller.DISPATCHER, Caller.ADMIN})
    @Operation(operationId = "getDispatchQueue", summary = "The dispatch queue", description = "Cases no team has accepted yet (waiting, offered or "
            + "assigned), most urgent first, then by SLA due time and age, each with its SLA countdown and escalation "
            + "level; level 2 and above is supervised by admins (督办).")
    @APIResponse(responseCode = "200", description = "The queue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchDtos.QueueItem[].class)))
    public List<DispatchDtos.QueueItem> queue(
            @Parameter(description = "Only this grid", schema = @Schema(maxLength = 40)) @QueryParam("grid") String grid,
            @Parameter(description = "Only this category", schema = @Schema(maxLength = 40)) @QueryParam("category") String category,
            @Parameter(description = "Only escalated cases: waiting ones escalated (level 1 and above), and those a team "
                    + "serves past their completion SLA (督办)", schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("escalated") String escalated) {
        boolean escalatedOnly = Params.bool("escalated", escalated, false);
        List<CaseView> queue = reads.queue(grid == null ? null : Params.text("grid", grid, 40),
                category == null ? null : Params.text("category", category, 40), escalatedOnly);
        Instant now = clock.instant();
        return queue.stream().map(v -> CaseMapping.queueItem(v, now)).toList();
    }

    @GET
    @Path("cases")
    @RolesAllowed({Caller.DISPATCHER, Caller.ADMIN})
    @Operation(operationId = "listCases", summary = "All cases", description = "Every case, newest first, filterable by phase, team, grid and category.")
    @APIResponse(responseCode = "200", description = "A page of cases",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchDtos.CasePage.class)))
    public DispatchDtos.CasePage list(
            @Parameter(schema = @Schema(enumeration = {"WAITING", "OFFERED", "ASSIGNED", "ACCEPTED", "IN_SERVICE",
                    "COMPLETED", "REJECTED", "CANCELLED"})) @QueryParam("phase") String phase,
            @Parameter(schema = @Schema(maxLength = 40)) @QueryParam("teamId") String teamId,
            @Parameter(schema = @Schema(maxLength = 40)) @QueryParam("grid") String grid,
            @Parameter(schema = @Schema(maxLength = 40)) @QueryParam("category") String category,
            @Parameter(schema = @Schema(minimum = "0", maximum = "100000", defaultValue = "0")) @QueryParam("page") String page,
            @Parameter(schema = @Schema(minimum = "1", maximum = "100", defaultValue = "20")) @QueryParam("size") String size) {
        int pageIndex = Params.number("page", page, 0, 0, 100_000);
        int pageSize = Params.number("size", size, 20, 1, 100);
        CaseReads.Listed listed = reads.list(phase == null ? null : Params.enumValue(CasePhase.class, "phase", phase),
                teamId == null ? null : Params.text("teamId", teamId, 40), grid == null ? null : Params.text("grid", grid, 40),
                category == null ? null : Params.text("category", category, 40), pageIndex, pageSize);
        Instant now = clock.instant();
        return new DispatchDtos.CasePage(listed.items().stream().map(v -> CaseMapping.queueItem(v, now)).toList(),
                pageIndex, pageSize, listed.total());
    }

    @GET
    @Path("cases/{requestId}")
    @RolesAllowed({Caller.DISPATCHER, Caller.ADMIN})
    @Operation(operationId = "getCase", summary = "One case with its assignment history", description = "The case, the resident's contact, and "
            + "every event of the case in order: assignments, offers, declines, expiries, escalations, service. "
            + "Dispatchers get the contact unmasked, and each such read is recorded in the access log (purpose "
            + "`dispatch`); admins get it masked.")
    @APIResponse(responseCode = "200", description = "The case", headers = @Header(name = "ETag", description = "The entity tag; send it in If-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchDtos.CaseDetails.class)))
    public Response get(@PathParam("requestId") String requestId) {
        CaseReads.CaseRead read = reads.read(requestId, caller);
        DispatchDtos.Contact contact = read.contactShown() ? CaseMapping.contact(read.request())
                : CaseMapping.maskedContact(read.request());
        DispatchDtos.CaseDetails details = CaseMapping.details(read.view(), contact, read.history(), read.catalogue(), zone);
        return Response.ok(details).tag(details.etag().replace("\"", "")).build();
    }

    @GET
    @Path("cases/{requestId}/suggestions")
    @RolesAllowed({Caller.DISPATCHER, Caller.ADMIN})
    @Operation(operationId = "suggestTeams", summary = "Ranked team suggestions", description = "Eligible teams first, best first, each with its score "
            + "broken down: category (required), same grid 40, free capacity up to 20, reputation up to 30 (4.0 assumed "
            + "without ratings), minus 5 per decline in the last 30 days (at most 20). Ineligible teams follow with the "
            + "reasons.")
    @APIResponse(responseCode = "200", description = "Suggestions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Suggestions.Ranked[].class)))
    public List<Suggestions.Ranked> suggestions(@PathParam("requestId") String requestId) {
        reads.requireExists(requestId);
        return cases.suggestions(requestId);
    }

    @POST
    @Path("cases/{requestId}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.DISPATCHER)
    @Operation(operationId = "assignCase", summary = "Assign to a team (directive)", description = "The team must accept before its deadline "
            + "(by urgency: 15 min, 1 h, 4 h, 24 h).")
    @APIResponse(responseCode = "200", description = "Assigned", headers = @Header(name = "ETag", description = "The entity tag; send it in If-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchDtos.CaseDetails.class)))
    @APIResponse(responseCode = "409", description = "Not waiting in the queue, or the team is not eligible")
    public Response assign(@PathParam("requestId") String requestId, @Valid @NotNull DispatchDtos.AssignBody body,
                           @Parameter(in = ParameterIn.HEADER, description = "The case's ETag") @HeaderParam("If-Match") String ifMatch,
                           @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        reads.requireExists(requestId);
        cases.assign(requestId, body.teamId(), body.note(), metadata(correlationId), Etags.ifMatch(ifMatch));
        return get(requestId);
    }

    @POST
    @Path("cases/{requestId}/offer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.DISPATCHER)
    @Operation(operationId = "offerCase", summary = "Offer for open grab (抢单)", description = "Offered to the named teams, or to every eligible team; "
            + "the first to accept wins and the others get 409.")
    @APIResponse(responseCode = "200", description = "Offered", headers = @Header(name = "ETag", description = "The entity tag; send it in If-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchDtos.CaseDetails.class)))
    @APIResponse(responseCode = "409", description = "Not waiting in the queue, or no eligible team")
    public Response offer(@PathParam("requestId") String requestId,
                          @RequestBody(required = false, description = "Leave out to offer to every eligible team")
                          @Valid DispatchDtos.OfferBody body,
                          @Parameter(in = ParameterIn.HEADER, description = "The case's ETag") @HeaderParam("If-Match") String ifMatch,
                          @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        reads.requireExists(requestId);
        cases.offer(requestId, body == null ? null : body.teamIds(), body == null ? null : body.note(),
                metadata(correlationId), Etags.ifMatch(ifMatch));
        return get(requestId);
    }

    @POST
    @Path("cases/{requestId}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.DISPATCHER)
    @Operation(operationId = "rejectCase", summary = "Reject a request", description = "Not our responsibility, outside the service area, or a "
            + "duplicate of another request (duplicateOf). Only before a team accepted it.")
    @APIResponse(responseCode = "200", description = "Rejected", headers = @Header(name = "ETag", description = "The entity tag; send it in If-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchDtos.CaseDetails.class)))
    @APIResponse(responseCode = "409", description = "A team has it already")
    public Response reject(@PathParam("requestId") String requestId, @Valid @NotNull DispatchDtos.RejectBody body,
                           @Parameter(in = ParameterIn.HEADER, description = "The case's ETag") @HeaderParam("If-Match") String ifMatch,
                           @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        reads.requireExists(requestId);
        cases.reject(requestId, body.reason(), body.detail(), body.duplicateOf(), metadata(correlationId), Etags.ifMatch(ifMatch));
        return get(requestId);
    }

    private EventMetadata metadata(String correlationId) {
        return new EventMetadata(caller.as(Caller.DISPATCHER), CorrelationIds.from(correlationId), null);
    }
}
