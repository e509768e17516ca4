package io.sidan.request.api;

import java.net.URI;

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

import io.sidan.contracts.events.SlaClock;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.privacy.PersonalData;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.kit.api.CorrelationIds;
import io.sidan.kit.api.Etags;
import io.sidan.kit.api.Params;
import io.sidan.kit.api.ProblemException;
import io.sidan.kit.security.Caller;
import io.sidan.request.application.RequestApplication;
import io.sidan.request.application.PersonalFields;
import io.sidan.request.application.RequestReads;
import io.sidan.request.domain.RequestStatus;
import io.sidan.request.projection.RequestView;
import io.sidan.request.projection.Timeline;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/requests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Requests", description = "群众点单: submit, follow, cancel and reopen service requests")
public class RequestResource {

    private final RequestApplication requests;
    private final RequestReads reads;
    private final Caller caller;

    public RequestResource(RequestApplication requests, RequestReads reads, Caller caller) {
        this.requests = requests;
        this.reads = reads;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.RESIDENT, Caller.DISPATCHER})
    @Operation(operationId = "submitRequest", summary = "Submit a request (群众点单)", description = "A resident asks for a service; a dispatcher may "
            + "file one for a phone caller (channel PHONE, the caller's name in requesterName). With an "
            + "Idempotency-Key header, repeating the same body returns the first answer without a second request; "
            + "the same key with another body is refused with 422.")
    @APIResponse(responseCode = "201", description = "Submitted",
            headers = {@Header(name = "Location", description = "The new request", schema = @Schema(type = SchemaType.STRING, format = "uri-reference")),
                    @Header(name = "ETag", description = "Its entity tag", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestDetails.class)))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used with a different body")
    public Response submit(@Valid @NotNull SubmitRequestBody body,
                           @Parameter(description = "Makes retries safe: the same key and body give the same answer",
                                   schema = @Schema(maxLength = 200))
                           @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @Parameter(description = "Correlation id to carry through all resulting events", schema = @Schema(maxLength = 200))
                           @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        String role = caller.is(Caller.DISPATCHER) ? Caller.DISPATCHER : Caller.RESIDENT;
        // a resident's request carries the account's name (sealed in the event), a caller's the name the dispatcher wrote
        String requesterName = Caller.DISPATCHER.equals(role) ? body.requesterName() : caller.username();
        RequestApplication.Submission result = requests.submit(body.toNewRequest(requesterName),
                new EventMetadata(caller.as(role), CorrelationIds.from(correlationId), null), idempotencyKey);
        RequestView view = result.view();
        Response.ResponseBuilder response = Response.created(URI.create("/api/requests/" + view.id))
                .tag(etagValue(view)).entity(details(result.key() != null ? reads.shown(view, caller, result.key())
                        : reads.shown(view, caller)));
        if (result.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    @GET
    @RolesAllowed({Caller.RESIDENT, Caller.DISPATCHER, Caller.ADMIN, Caller.REVIEWER})
    @Operation(operationId = "listRequests", summary = "List requests", description = "Residents get only their own. Filters combine; "
            + "paging starts at page 0; sort by submittedAt (default, newest first with -submittedAt), updatedAt, "
            + "status, category or urgency, with - for descending.")
    @APIResponse(responseCode = "200", description = "A page of requests",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestPage.class)))
    public RequestPage list(
            @Parameter(description = "Status", schema = @Schema(enumeration = {"SUBMITTED", "DISPATCHED", "ACCEPTED",
                    "IN_SERVICE", "COMPLETED", "RATED", "CLOSED", "REJECTED", "CANCELLED", "REOPENED"}))
            @QueryParam("status") String status,
            @Parameter(description = "Category code", schema = @Schema(maxLength = 40)) @QueryParam("category") String category,
            @Parameter(description = "Grid code", schema = @Schema(maxLength = 40)) @QueryParam("grid") String grid,
            @Parameter(description = "Submitted at or after (ISO-8601)", schema = @Schema(format = "date-time"))
            @QueryParam("from") String from,
            @Parameter(description = "Submitted before (ISO-8601)", schema = @Schema(format = "date-time"))
            @QueryParam("to") String to,
            @Parameter(description = "Page number from 0", schema = @Schema(minimum = "0", maximum = "100000", defaultValue = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "Page size, 1 to 100", schema = @Schema(minimum = "1", maximum = "100", defaultValue = "20"))
            @QueryParam("size") String size,
            @Parameter(description = "Sort key, - for descending", schema = @Schema(enumeration = {"submittedAt", "-submittedAt",
                    "updatedAt", "-updatedAt", "status", "-status", "category", "-category", "urgency", "-urgency"}))
            @QueryParam("sort") String sort) {
        RequestReads.Filter filter = new RequestReads.Filter(
                status == null ? null : Params.enumValue(RequestStatus.class, "status", status),
                category == null ? null : Params.text("category", category, 40),
                grid == null ? null : Params.text("grid", grid, 40),
                from == null ? null : Params.instant("from", from),
                to == null ? null : Params.instant("to", to));
        int pageIndex = Params.number("page", page, 0, 0, 100_000);
        int pageSize = Params.number("size", size, 20, 1, 100);
        RequestReads.Listed listed = reads.list(filter, pageIndex, pageSize, sort, caller);
        return new RequestPage(listed.items().stream().map(RequestResource::details).toList(), pageIndex, pageSize,
                listed.total());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Caller.RESIDENT, Caller.DISPATCHER, Caller.ADMIN, Caller.REVIEWER})
    @Operation(operationId = "getRequest", summary = "Get a request", description = "Status, assignment, timestamps of each step and the ETag. "
            + "Residents may only read their own requests; another's is 404. The contact (phone, address, coordinates) "
            + "is unmasked for the resident who filed it and for dispatchers, whose every such read is recorded in the "
            + "access log (GET /api/audit/access-log); admins and reviewers get it masked.")
    @APIResponse(responseCode = "200", description = "The request", headers = @Header(name = "ETag", description = "The entity tag; send it in If-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestDetails.class)))
    public Response get(@PathParam("id") String id) {
        RequestReads.Shown shown = reads.read(id, caller);
        return Response.ok(details(shown)).tag(etagValue(shown.view())).build();
    }

    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.RESIDENT, Caller.DISPATCHER, Caller.ADMIN})
    @Operation(operationId = "cancelRequest", summary = "Cancel a request", description = "The owner (or a dispatcher or admin for them) withdraws a "
            + "request that is not completed yet. A reason is required. 409 names the current status when it is too late.")
    @APIResponse(responseCode = "200", description = "Cancelled", headers = @Header(name = "ETag", description = "The entity tag; send it in If-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestDetails.class)))
    @APIResponse(responseCode = "409", description = "Not cancellable in its current status")
    public Response cancel(@PathParam("id") String id, @Valid @NotNull ReasonBody body,
                           @Parameter(in = ParameterIn.HEADER, description = "The ETag you read") @HeaderParam("If-Match") String ifMatch,
                           @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        reads.requireVisible(id, caller);
        String role = RequestReads.actingRole(caller, Caller.DISPATCHER, Caller.ADMIN);
        RequestView view = requests.cancel(id, body.reason().trim(),
                new EventMetadata(caller.as(role), CorrelationIds.from(correlationId), null), Etags.ifMatch(ifMatch));
        return Response.ok(details(reads.shown(view, caller))).tag(etagValue(view)).build();
    }

    @POST
    @Path("{id}/reopen")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.RESIDENT, Caller.ADMIN})
    @Operation(operationId = "reopenRequest", summary = "Reopen a completed request (回头看)", description = "The owner or an admin sends a completed "
            + "request back to dispatch, within the follow-up window after completion (30 days by default). "
            + "A reason is required; the reopen count is kept.")
    @APIResponse(responseCode = "200", description = "Reopened", headers = @Header(name = "ETag", description = "The entity tag; send it in If-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestDetails.class)))
    @APIResponse(responseCode = "409", description = "Not completed, or the follow-up window has passed")
    public Response reopen(@PathParam("id") String id, @Valid @NotNull ReasonBody body,
                           @Parameter(in = ParameterIn.HEADER, description = "The ETag you read") @HeaderParam("If-Match") String ifMatch,
                           @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        reads.requireVisible(id, caller);
        String role = RequestReads.actingRole(caller, Caller.ADMIN);
        RequestView view = requests.reopen(id, body.reason().trim(),
                new EventMetadata(caller.as(role), CorrelationIds.from(correlationId), null), Etags.ifMatch(ifMatch));
        return Response.ok(details(reads.shown(view, caller))).tag(etagValue(view)).build();
    }

    @POST
    @Path("{id}/contact/reveal")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "revealContact", summary = "Reveal a resident's contact (admins)", description = "Admins see contacts masked; when one is "
            + "needed (a complaint to verify, a supervision call), this returns it unmasked. The reason is required and "
            + "recorded with the read in the access log (purpose `reveal: <reason>`).")
    @APIResponse(responseCode = "200", description = "The contact",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RevealedContact.class)))
    public RevealedContact reveal(@PathParam("id") String id, @Valid @NotNull ReasonBody body) {
        RequestReads.Shown shown = reads.reveal(id, body.reason().trim(), caller);
        RequestView v = shown.view();
        PersonalFields p = shown.personal();
        return new RevealedContact(v.id, p.requesterName(), p.contactPhone(),
                new RequestDetails.ShownLocation(v.grid, p.address(), v.lat, v.lon), p.erased());
    }

    @Schema(name = "RevealedContact", description = "A resident's contact, unmasked; the read is in the access log. "
            + "Once the request's personal data was erased, the name, phone and address are absent and personalDataErased is true.")
    public record RevealedContact(String requestId, String requesterName, String contactPhone,
                                  RequestDetails.ShownLocation location, boolean personalDataErased) {
    }

    @GET
    @Path("{id}/timeline")
    @RolesAllowed({Caller.RESIDENT, Caller.DISPATCHER, Caller.ADMIN, Caller.REVIEWER})
    @Operation(operationId = "getTimeline", summary = "The request's auditable timeline", description = "Every event about the request from all "
            + "three services in causal order, each with its type, time, source, actor (other residents masked), a "
            + "summary in plain words, its chain hash and whether its stream's hash chain verifies up to it. A team's "
            + "internal notes are shown to dispatchers and admins only (marked `internal`); residents and reviewers "
            + "get them withheld (counted in `withheld`), while every chain is still verified over all events.")
    @APIResponse(responseCode = "200", description = "The timeline",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Timeline.class)))
    public Timeline timeline(@PathParam("id") String id) {
        return reads.timeline(id, caller);
    }

    private static RequestDetails details(RequestReads.Shown shown) {
        RequestView v = shown.view();
        PersonalFields p = shown.personal();
        boolean unmasked = shown.unmasked();
        RequestDetails.ShownLocation location = unmasked
                ? new RequestDetails.ShownLocation(v.grid, p.address(), v.lat, v.lon)
                : new RequestDetails.ShownLocation(v.grid, PersonalData.maskAddress(p.address()),
                        PersonalData.maskCoordinate(v.lat), PersonalData.maskCoordinate(v.lon));
        return new RequestDetails(v.id, v.status, v.round, v.reopenCount, v.category, shown.categoryName(), v.item,
                v.title, p.description(), location, v.urgency, v.channel, p.requesterName(),
                unmasked ? p.contactPhone() : PersonalData.maskPhone(p.contactPhone()), !unmasked, p.erased(),
                v.preferredFrom == null ? null : new SubmitRequestBody.TimeWindowBody(v.preferredFrom, v.preferredTo),
                new SlaTargets(v.slaDispatchMinutes, v.slaAcceptMinutes, v.slaCompleteMinutes,
                        v.slaClock == null ? null : SlaClock.valueOf(v.slaClock)),
                v.teamId == null ? null : new RequestDetails.Assignment(v.teamId, shown.teamName(), v.dispatchMode),
                v.escalationLevel, v.rejection, v.compositeScore,
                new RequestDetails.Timestamps(v.submittedAt, v.dispatchedAt, v.acceptedAt, v.startedAt, v.completedAt,
                        v.ratedAt, v.closedAt, v.cancelledAt, v.reopenedAt),
                Etags.of(v.streamVersion));
    }

    /** The view's ETag without quotes, as JAX-RS adds them. */
    private static String etagValue(RequestView v) {
        return String.valueOf(v.streamVersion);
    }
}
