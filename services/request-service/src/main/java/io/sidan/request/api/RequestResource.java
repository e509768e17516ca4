package io.sidan.request.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.Category;
import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.TimeWindow;
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.privacy.PersonalData;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.tx.Transactions;
import io.sidan.kit.api.CorrelationIds;
import io.sidan.kit.api.Params;
import io.sidan.kit.api.Problem;
import io.sidan.kit.api.ProblemException;
import io.sidan.kit.privacy.PersonalDataReads;
import io.sidan.kit.security.Caller;
import io.sidan.request.application.RequestApplication;
import io.sidan.request.domain.RequestCommand;
import io.sidan.request.domain.RequestStatus;
import io.sidan.request.projection.CatalogueQueries;
import io.sidan.request.projection.RequestView;
import io.sidan.request.projection.Timeline;
import io.sidan.request.projection.TimelineQuery;
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

    private static final Set<String> SORTABLE = Set.of("submittedAt", "updatedAt", "status", "category", "urgency");

    private final RequestApplication requests;
    private final CatalogueQueries catalogue;
    private final TimelineQuery timelines;
    private final Transactions tx;
    private final Caller caller;
    private final PersonalDataReads personalData;

    public RequestResource(RequestApplication requests, CatalogueQueries catalogue, TimelineQuery timelines,
                           Transactions tx, Caller caller, PersonalDataReads personalData) {
        this.personalData = personalData;
        this.requests = requests;
        this.catalogue = catalogue;
        this.timelines = timelines;
        this.tx = tx;
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
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used with a different body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(@Valid @NotNull SubmitRequestBody body,
                           @Parameter(description = "Makes retries safe: the same key and body give the same answer",
                                   schema = @Schema(maxLength = 200))
                           @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @Parameter(description = "Correlation id to carry through all resulting events", schema = @Schema(maxLength = 200))
                           @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        boolean onBehalf = caller.is(Caller.DISPATCHER);
        Category category = catalogue.category(body.category()).filter(Category::active)
                .orElseThrow(() -> ProblemException.invalidField("category", "unknown category '" + body.category()
                        + "'; see GET /api/catalogue"));
        if (body.item() != null && category.items().stream().noneMatch(i -> i.code().equals(body.item()))) {
            throw ProblemException.invalidField("item", "category " + category.code() + " has no service item '" + body.item() + "'");
        }
        if (catalogue.grid(body.location().grid()).filter(g -> g.active()).isEmpty()) {
            throw ProblemException.invalidField("location.grid", "unknown grid '" + body.location().grid() + "'; see GET /api/grids");
        }
        if (body.preferredWindow() != null && !body.preferredWindow().to().isAfter(body.preferredWindow().from())) {
            throw ProblemException.invalidField("preferredWindow.to", "must be after preferredWindow.from");
        }
        Channel channel = body.channel() != null ? body.channel() : onBehalf ? Channel.PHONE : Channel.APP;
        String requesterName;
        String requesterId;
        if (onBehalf) {
            if (body.requesterName() == null || body.requesterName().isBlank()) {
                throw ProblemException.invalidField("requesterName", "is required when a dispatcher files for a caller");
            }
            requesterName = body.requesterName().trim();
            requesterId = null;
        } else {
            if (channel != Channel.APP && channel != Channel.KIOSK) {
                throw ProblemException.invalidField("channel", "residents submit through APP or KIOSK");
            }
            requesterName = caller.username();
            requesterId = caller.subject();
        }
        Urgency urgency = body.urgency() != null ? body.urgency() : category.defaultUrgency();
        SlaTargets sla = category.sla().get(urgency);
        if (sla == null) {
            throw new IllegalStateException("category " + category.code() + " has no SLA for " + urgency);
        }
        String id = UUID.randomUUID().toString();
        SubmitRequestBody.LocationBody l = body.location();
        RequestCommand.Submit command = new RequestCommand.Submit(id, requesterId, requesterName, channel, category.code(),
                body.item(), body.title().trim(), body.description().trim(),
                new Location(l.grid(), l.address().trim(), l.lat(), l.lon()), urgency, body.contactPhone().trim(),
                body.preferredWindow() == null ? null : new TimeWindow(body.preferredWindow().from(), body.preferredWindow().to()),
                sla);
        RequestApplication.IdempotencyKey key = idempotencyKey == null ? null
                : new RequestApplication.IdempotencyKey(caller.subject(), checkKey(idempotencyKey), hash(body));
        String role = onBehalf ? Caller.DISPATCHER : Caller.RESIDENT;
        RequestApplication.Submission result = requests.submit(command,
                new EventMetadata(caller.as(role), CorrelationIds.from(correlationId), null), key);
        RequestView view = result.view();
        Response.ResponseBuilder response = Response.created(URI.create("/api/requests/" + view.id))
                .tag(etagValue(view)).entity(details(view, owns(view)));
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
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (isResidentOnly()) {
            where.add("requesterId = :me");
            params.put("me", caller.subject());
        }
        if (status != null) {
            where.add("status = :status");
            params.put("status", Params.enumValue(RequestStatus.class, "status", status).name());
        }
        if (category != null) {
            where.add("category = :category");
            params.put("category", Params.text("category", category, 40));
        }
        if (grid != null) {
            where.add("grid = :grid");
            params.put("grid", Params.text("grid", grid, 40));
        }
        if (from != null) {
            where.add("submittedAt >= :from");
            params.put("from", Params.instant("from", from));
        }
        if (to != null) {
            where.add("submittedAt < :to");
            params.put("to", Params.instant("to", to));
        }
        int pageIndex = Params.number("page", page, 0, 0, 100_000);
        int pageSize = Params.number("size", size, 20, 1, 100);
        Sort order = sort(sort);
        return tx.inTransaction(c -> {
            PanacheQuery<RequestView> query = RequestView.find(String.join(" and ", where.isEmpty() ? List.of("1 = 1") : where),
                    order, params);
            List<RequestView> rows = query.page(Page.of(pageIndex, pageSize)).list();
            Map<String, String> categoryNames = categoryNames();
            Map<String, String> teams = catalogue.teamNames();
            List<RequestDetails> items = rows.stream().map(v -> details(v, categoryNames, teams, owns(v))).toList();
            return new RequestPage(items, pageIndex, pageSize, query.count());
        });
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
        return tx.inTransaction(c -> {
            RequestView view = visible(id);
            boolean dispatcherRead = !owns(view) && caller.is(Caller.DISPATCHER);
            if (dispatcherRead) {
                personalData.record(c, caller.as(Caller.DISPATCHER), id, PersonalData.CONTACT, PersonalDataReads.DISPATCH);
            }
            return Response.ok(details(view, owns(view) || dispatcherRead)).tag(etagValue(view)).build();
        });
    }

    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.RESIDENT, Caller.DISPATCHER, Caller.ADMIN})
    @Operation(operationId = "cancelRequest", summary = "Cancel a request", description = "The owner (or a dispatcher or admin for them) withdraws a "
            + "request that is not completed yet. A reason is required. 409 names the current status when it is too late.")
    @APIResponse(responseCode = "200", description = "Cancelled", headers = @Header(name = "ETag", description = "The entity tag; send it in If-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestDetails.class)))
    @APIResponse(responseCode = "409", description = "Not cancellable in its current status",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match does not match: the request changed since it was read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cancel(@PathParam("id") String id, @Valid @NotNull ReasonBody body,
                           @Parameter(in = ParameterIn.HEADER, description = "The ETag you read") @HeaderParam("If-Match") String ifMatch,
                           @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        tx.inTransaction(c -> visible(id));
        String role = isResidentOnly() ? Caller.RESIDENT : caller.is(Caller.DISPATCHER) ? Caller.DISPATCHER : Caller.ADMIN;
        RequestView view = requests.cancel(id, body.reason().trim(),
                new EventMetadata(caller.as(role), CorrelationIds.from(correlationId), null), ifMatch);
        return Response.ok(details(view, owns(view))).tag(etagValue(view)).build();
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
    @APIResponse(responseCode = "409", description = "Not completed, or the follow-up window has passed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match does not match",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response reopen(@PathParam("id") String id, @Valid @NotNull ReasonBody body,
                           @Parameter(in = ParameterIn.HEADER, description = "The ETag you read") @HeaderParam("If-Match") String ifMatch,
                           @HeaderParam(CorrelationIds.HEADER) String correlationId) {
        tx.inTransaction(c -> visible(id));
        String role = isResidentOnly() ? Caller.RESIDENT : Caller.ADMIN;
        RequestView view = requests.reopen(id, body.reason().trim(),
                new EventMetadata(caller.as(role), CorrelationIds.from(correlationId), null), ifMatch);
        return Response.ok(details(view, owns(view))).tag(etagValue(view)).build();
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
        return tx.inTransaction(c -> {
            RequestView v = visible(id);
            personalData.record(c, caller.as(Caller.ADMIN), id, PersonalData.CONTACT, PersonalDataReads.REVEAL + body.reason().trim());
            return new RevealedContact(v.id, v.requesterName, v.contactPhone, new SubmitRequestBody.LocationBody(v.grid, v.address, v.lat, v.lon));
        });
    }

    @Schema(name = "RevealedContact", description = "A resident's contact, unmasked; the read is in the access log")
    public record RevealedContact(String requestId, String requesterName, String contactPhone, SubmitRequestBody.LocationBody location) {
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
        return tx.inTransaction(c -> {
            visible(id);
            String me = caller.subject();
            boolean residentOnly = isResidentOnly();
            boolean staff = caller.is(Caller.DISPATCHER) || caller.is(Caller.ADMIN);
            return timelines.timeline(c, id, e -> residentOnly && e.actor().role().equals(Caller.RESIDENT)
                    && !e.actor().id().equals(me) ? "居民" : e.actor().name(), staff);
        });
    }

    /** The request if this caller may see it; 404 otherwise (residents never learn of others' requests). */
    private RequestView visible(String id) {
        RequestView view = Params.isUuid(id) ? RequestView.findById(id) : null;
        if (view == null || (isResidentOnly() && !caller.subject().equals(view.requesterId))) {
            throw ProblemException.notFound("There is no request " + id + ".");
        }
        return view;
    }

    private boolean isResidentOnly() {
        return caller.is(Caller.RESIDENT) && !caller.is(Caller.DISPATCHER) && !caller.is(Caller.ADMIN)
                && !caller.is(Caller.REVIEWER);
    }

    /** The resident who filed the request: the one reader whose reads of their own contact are not logged. */
    private boolean owns(RequestView v) {
        return caller.is(Caller.RESIDENT) && caller.subject().equals(v.requesterId);
    }

    private RequestDetails details(RequestView v, Map<String, String> categoryNames, Map<String, String> teamNames,
                                   boolean unmasked) {
        SubmitRequestBody.LocationBody location = unmasked
                ? new SubmitRequestBody.LocationBody(v.grid, v.address, v.lat, v.lon)
                : new SubmitRequestBody.LocationBody(v.grid, PersonalData.maskAddress(v.address),
                        PersonalData.maskCoordinate(v.lat), PersonalData.maskCoordinate(v.lon));
        return new RequestDetails(v.id, v.status, v.round, v.reopenCount, v.category, categoryNames.get(v.category), v.item,
                v.title, v.description, location, v.urgency, v.channel, v.requesterName,
                unmasked ? v.contactPhone : PersonalData.maskPhone(v.contactPhone), !unmasked,
                v.preferredFrom == null ? null : new SubmitRequestBody.TimeWindowBody(v.preferredFrom, v.preferredTo),
                new SlaTargets(v.slaDispatchMinutes, v.slaAcceptMinutes, v.slaCompleteMinutes),
                v.teamId == null ? null : new RequestDetails.Assignment(v.teamId, teamNames.get(v.teamId), v.dispatchMode),
                v.escalationLevel, v.rejection, v.compositeScore,
                new RequestDetails.Timestamps(v.submittedAt, v.dispatchedAt, v.acceptedAt, v.startedAt, v.completedAt,
                        v.ratedAt, v.closedAt, v.cancelledAt, v.reopenedAt),
                v.etag());
    }

    /** One request's details, reading only its own category's and team's names. */
    private RequestDetails details(RequestView v, boolean unmasked) {
        Map<String, String> categoryName = new HashMap<>();
        catalogue.category(v.category).ifPresent(c -> categoryName.put(c.code(), c.nameZh()));
        Map<String, String> teamName = new HashMap<>();
        if (v.teamId != null) {
            catalogue.teamName(v.teamId).ifPresent(name -> teamName.put(v.teamId, name));
        }
        return details(v, categoryName, teamName, unmasked);
    }

    private Map<String, String> categoryNames() {
        Map<String, String> names = new HashMap<>();
        catalogue.categories(true).forEach((code, c) -> names.put(code, c.nameZh()));
        return names;
    }

    /** The view's ETag without quotes, as JAX-RS adds them. */
    private static String etagValue(RequestView v) {
        String tag = v.etag();
        return tag.substring(1, tag.length() - 1);
    }

    private static String checkKey(String key) {
        if (key.isBlank() || key.length() > 200) {
            throw ProblemException.invalidField("Idempotency-Key", "must be 1 to 200 characters");
        }
        return key.trim();
    }

    /** SHA-256 of the body's canonical JSON, so formatting differences do not matter. */
    private static String hash(SubmitRequestBody body) {
        try {
            byte[] canonical = EventJson.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Sort sort(String sort) {
        if (sort == null) {
            return Sort.by("submittedAt", Sort.Direction.Descending).and("id");
        }
        boolean descending = sort.startsWith("-");
        String key = descending ? sort.substring(1) : sort;
        if (!SORTABLE.contains(key)) {
            throw ProblemException.invalidField("sort", "must be one of " + SORTABLE + ", optionally with - in front");
        }
        return Sort.by(key, descending ? Sort.Direction.Descending : Sort.Direction.Ascending).and("id");
    }
}
