package io.sidan.request.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.sidan.contracts.domain.NotFound;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.kit.api.CorrelationIds;
import io.sidan.kit.api.Params;
import io.sidan.kit.api.ProblemException;
import io.sidan.kit.security.Caller;
import io.sidan.request.application.ErasureApplication;
import io.sidan.request.application.PersonalDataRetention;
import io.sidan.request.application.RequestReads;
import io.sidan.request.projection.ErasureView;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Privacy", description = "Erasure of residents' personal data: asked for, approved by admins, and after the retention period")
public class ErasureResource {

    private final ErasureApplication erasures;
    private final PersonalDataRetention retention;
    private final RequestReads reads;
    private final Caller caller;

    public ErasureResource(ErasureApplication erasures, PersonalDataRetention retention, RequestReads reads, Caller caller) {
        this.erasures = erasures;
        this.retention = retention;
        this.reads = reads;
        this.caller = caller;
    }

    @Schema(name = "ErasureRequestBody", description = "Asking for personal data to be erased")
    public record ErasureRequestBody(
            @Schema(description = "Why, in a few words", examples = "我已搬离本社区，请删除我的联系方式")
            @NotBlank @Size(max = 500) String reason,
            @Schema(description = "One request (its id). Residents may leave it out to erase the data of all their requests; "
                    + "dispatchers and admins filing for a caller name the request.", format = "uuid")
            @Pattern(regexp = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
                    message = "must be a request id (UUID)") String requestId) {
    }

    @Schema(name = "Erasure", description = "An erasure request and where it stands")
    public record Erasure(
            @Schema(description = "Erasure request id") String id,
            @Schema(enumeration = {"PENDING", "APPROVED", "REJECTED"}) String status,
            @Schema(description = "The resident who asked (absent when staff filed it for a caller without an account)") String residentId,
            @Schema(description = "The one request it is about; absent: all of the resident's requests") String requestId,
            String reason,
            @Schema(description = "resident, dispatcher or admin") String requestedByRole,
            Instant requestedAt,
            Instant decidedAt,
            @Schema(description = "Why it was rejected") String decisionReason,
            @Schema(description = "The requests whose personal data the approval erased") List<String> erasedRequests) {
    }

    @Schema(name = "RetentionRun", description = "What one run of the retention period did")
    public record RetentionRun(@Schema(description = "Requests whose personal data was erased") int erased) {
    }

    @POST
    @Path("erasure-requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.RESIDENT, Caller.DISPATCHER, Caller.ADMIN})
    @Operation(operationId = "submitErasureRequest", summary = "Ask for personal data to be erased", description = "A resident asks for "
            + "the personal data (name, phone, address, description) of all their requests, or of one, to be erased; a "
            + "dispatcher or admin files it for one request of a caller (who has no account). An admin then approves or "
            + "rejects it. Approved, the data reads as erased everywhere, while every hash chain still verifies.")
    @APIResponse(responseCode = "201", description = "Filed, pending an admin's decision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Erasure.class)))
    @APIResponse(responseCode = "404", description = "No such request (or not the resident's own)")
    public Response ask(@Valid @NotNull ErasureRequestBody body, @Parameter(schema = @Schema(maxLength = 200))
                        @jakarta.ws.rs.HeaderParam(CorrelationIds.HEADER) String correlationId) {
        boolean resident = RequestReads.isResidentOnly(caller);
        String requestId = body.requestId() == null ? null : body.requestId().toLowerCase();
        String role = resident ? Caller.RESIDENT : caller.is(Caller.DISPATCHER) ? Caller.DISPATCHER : Caller.ADMIN;
        EventMetadata metadata = new EventMetadata(caller.as(role), CorrelationIds.from(correlationId), null);
        ErasureView view;
        if (resident) {
            if (requestId != null) {
                reads.requireVisible(requestId, caller); // another resident's request is "not found"
            }
            view = erasures.ask(caller.subject(), requestId, body.reason().trim(), metadata);
        } else {
            if (requestId == null) {
                throw ProblemException.invalidField("requestId", "staff file an erasure for one request: name it");
            }
            view = erasures.askForRequest(requestId, body.reason().trim(), metadata);
        }
        return Response.created(java.net.URI.create("/api/erasure-requests/" + view.erasureId)).entity(shown(view)).build();
    }

    @GET
    @Path("erasure-requests")
    @RolesAllowed({Caller.RESIDENT, Caller.ADMIN})
    @Operation(operationId = "listErasureRequests", summary = "List erasure requests", description = "Residents get their own; admins "
            + "all of them, the oldest pending first when filtered by status PENDING. At most 100, newest first otherwise.")
    @APIResponse(responseCode = "200", description = "Erasure requests",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Erasure[].class)))
    public List<Erasure> list(@Parameter(schema = @Schema(enumeration = {"PENDING", "APPROVED", "REJECTED"}))
                              @QueryParam("status") String status) {
        String wanted = status == null ? null : Params.enumValue(ErasureStatus.class, "status", status).name();
        return erasures.list(RequestReads.isResidentOnly(caller) ? caller.subject() : null, wanted).stream().map(ErasureResource::shown).toList();
    }

    @GET
    @Path("erasure-requests/{id}")
    @RolesAllowed({Caller.RESIDENT, Caller.ADMIN})
    @Operation(operationId = "getErasureRequest", summary = "Get an erasure request", description = "A resident's own, or any for admins.")
    @APIResponse(responseCode = "200", description = "The erasure request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Erasure.class)))
    public Erasure get(@PathParam("id") String id) {
        return shown(visible(id));
    }

    @POST
    @Path("erasure-requests/{id}/approve")
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "approveErasureRequest", summary = "Approve an erasure request (admins)", description = "Erases the personal "
            + "data of every request it covers in one transaction: their data keys are deleted, so every sealed copy (in the "
            + "stores, on Kafka, in other services) reads as erased. Refused with 409 naming the requests still open: they "
            + "can be erased once closed, rejected or cancelled. Approving again changes nothing.")
    @APIResponse(responseCode = "200", description = "Approved; the data is erased",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Erasure.class)))
    @APIResponse(responseCode = "409", description = "Requests still open, or the erasure request was rejected")
    public Erasure approve(@PathParam("id") String id) {
        visible(id);
        return shown(erasures.approve(id, new EventMetadata(caller.as(Caller.ADMIN), CorrelationIds.from(null), null)));
    }

    @POST
    @Path("erasure-requests/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "rejectErasureRequest", summary = "Reject an erasure request (admins)", description = "With the reason, "
            + "which the resident sees. Nothing is erased.")
    @APIResponse(responseCode = "200", description = "Rejected",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Erasure.class)))
    @APIResponse(responseCode = "409", description = "Already approved")
    public Erasure reject(@PathParam("id") String id, @Valid @NotNull ReasonBody body) {
        visible(id);
        return shown(erasures.reject(id, body.reason().trim(), new EventMetadata(caller.as(Caller.ADMIN), CorrelationIds.from(null), null)));
    }

    @POST
    @Path("admin/privacy/retention")
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "eraseExpiredPersonalData", summary = "Erase what the retention period ran out for, now (admins)", description = "The "
            + "service does this every hour by itself: the personal data of requests that ended (closed, rejected, cancelled) "
            + "longer ago than sidan.requests.personal-data-retention (180 days by default) is erased. Runs on one instance at a "
            + "time; erased 0 when another is at it.")
    @APIResponse(responseCode = "200", description = "Done",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RetentionRun.class)))
    public RetentionRun retention() {
        return new RetentionRun(retention.eraseExpired());
    }

    private enum ErasureStatus { PENDING, APPROVED, REJECTED }

    private ErasureView visible(String id) {
        ErasureView view = erasures.find(id);
        if (view == null || (RequestReads.isResidentOnly(caller) && !caller.subject().equals(view.residentId))) {
            throw new NotFound("There is no erasure request " + id + ".");
        }
        return view;
    }

    private static Erasure shown(ErasureView v) {
        return new Erasure(v.erasureId, v.status, v.residentId, v.requestId, v.reason, v.requestedByRole, v.requestedAt,
                v.decidedAt, v.decisionReason, v.erasedRequests == null || v.erasedRequests.isEmpty() ? List.of()
                : Arrays.asList(v.erasedRequests.split(",")));
    }
}
