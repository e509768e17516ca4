package io.sidan.kit.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.sidan.eventing.access.AccessEntry;
import io.sidan.kit.api.Csv;
import io.sidan.kit.api.Params;
import io.sidan.kit.security.Caller;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * For admins: this service's access log of personal data, as JSON pages or a CSV export (by the Accept
 * header, on the same path), and a walk of its hash chain. Each service mounts it under its own path
 * (a subclass with {@code @Path}), so the console reaches it through its usual forwarding.
 */
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Access log", description = "For admins: who saw a resident's unmasked contact, when and why (PIPL)")
public abstract class AccessLogResource {

    private static final int EXPORT_LIMIT = 100_000;

    @Schema(name = "AccessLogPage")
    public record Page(List<AccessEntry> entries, @Schema(nullable = true, description = "Pass as after= for the next page") Long next) {
    }

    @Schema(name = "AccessLogVerification")
    public record Verification(boolean intact, @Schema(nullable = true) Long firstBrokenSeq) {
    }

    private final PersonalDataReads reads;

    protected AccessLogResource(PersonalDataReads reads) {
        this.reads = reads;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(operationId = "listAccessLog", summary = "Reads of personal data", description = "Every time someone other than the resident was shown a "
            + "resident's unmasked phone, address or coordinates: who (role, id, name), when, which request, which fields, "
            + "why (`dispatch`, `service` for the assigned team, `reveal: <reason>` for an admin). Oldest first; filters "
            + "combine. Ask with `Accept: text/csv` for the same entries as a CSV file (up to 100,000, limit ignored).")
    @APIResponse(responseCode = "200", description = "A page of entries, or the CSV export",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Page.class)),
                       @Content(mediaType = Csv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING))})
    public Response list(@Parameter(description = "Only reads of this request", schema = @Schema(maxLength = 64)) @QueryParam("request") String request,
                         @Parameter(description = "Only reads by this account id", schema = @Schema(maxLength = 64)) @QueryParam("actor") String actor,
                         @Parameter(description = "At or after (ISO-8601)", schema = @Schema(format = "date-time")) @QueryParam("from") String from,
                         @Parameter(description = "Before (ISO-8601)", schema = @Schema(format = "date-time")) @QueryParam("to") String to,
                         @Parameter(description = "Entries after this sequence number", schema = @Schema(minimum = "0", defaultValue = "0"))
                         @QueryParam("after") String after,
                         @Parameter(description = "Page size, 1 to 500", schema = @Schema(minimum = "1", maximum = "500", defaultValue = "100"))
                         @QueryParam("limit") String limit,
                         @Context HttpHeaders headers) {
        if (Csv.wanted(headers)) {
            List<List<Object>> rows = new ArrayList<>();
            for (AccessEntry e : find(request, actor, from, to, after, EXPORT_LIMIT)) {
                rows.add(List.of(e.seq(), e.at().toString(), e.actorRole(), e.actorId(), e.actorName(), e.requestId(),
                        String.join(" ", e.fields()), e.purpose(), e.hash()));
            }
            return Csv.of("sidan-access-log.csv", List.of("序号 seq", "时间 at", "角色 role", "账号 actor", "姓名 name",
                    "诉求 request", "字段 fields", "目的 purpose", "哈希 hash"), rows);
        }
        int size = Params.number("limit", limit, 100, 1, 500);
        List<AccessEntry> entries = find(request, actor, from, to, after, size);
        return Response.ok(new Page(entries, entries.size() == size ? entries.getLast().seq() : null), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("verification")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyAccessLog", summary = "Verify the access log's hash chain", description = "Walks every entry: intact, or the first "
            + "entry that was changed, removed or put out of order.")
    @APIResponse(responseCode = "200", description = "The verdict",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Verification.class)))
    public Verification verify() {
        return reads.firstBroken().map(e -> new Verification(false, e.seq())).orElse(new Verification(true, null));
    }

    private List<AccessEntry> find(String request, String actor, String from, String to, String after, int limit) {
        String requestId = request == null ? null : Params.text("request", request, 64);
        String actorId = actor == null ? null : Params.text("actor", actor, 64);
        Instant fromAt = from == null ? null : Params.instant("from", from);
        Instant toAt = to == null ? null : Params.instant("to", to);
        long afterSeq = Params.number("after", after, 0, 0, Integer.MAX_VALUE);
        return reads.find(requestId, actorId, fromAt, toAt, afterSeq, limit);
    }
}
