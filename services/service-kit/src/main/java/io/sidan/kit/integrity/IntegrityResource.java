package io.sidan.kit.integrity;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.sidan.contracts.events.IntegrityEvent.CheckpointSigned;
import io.sidan.contracts.integrity.IntegrityReport;
import io.sidan.eventing.integrity.CheckpointWitness;
import io.sidan.kit.api.Params;
import io.sidan.kit.api.ProblemException;
import io.sidan.kit.security.Caller;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * For admins, in every service: is this service's event store still what it signed, what the other
 * services' checkpoints looked like when they arrived, and the store as a signed export for
 * {@code ./sidan verify}.
 */
@Path("/api/admin/integrity")
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Integrity", description = "For admins: tamper evidence of this service's event store (signed checkpoints, offline export)")
public class IntegrityResource {

    @Schema(name = "IntegrityStatus")
    public record Status(String service, boolean signing, @Schema(nullable = true, description = "Ed25519, base64 of X.509") String publicKey,
                         IntegrityReport store, List<CheckpointWitness.Alarm> alarms) {
    }

    private final Integrity integrity;

    public IntegrityResource(Integrity integrity) {
        this.integrity = integrity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "verifyStore", summary = "Check this service's event store now", description = "Reads the whole store: "
            + "every stream's hash chain, every checkpoint this service signed (signature, sequence, the events and streams it "
            + "counts), the newest checkpoint's Merkle root over the streams' heads, and that every checkpoint of this service "
            + "kept here as received from Kafka is still in the store. Also the alarms raised on checkpoints received from any "
            + "service (newest first, up to 100): a rewrite of another service's database shows here. Takes a while on a large store.")
    @APIResponse(responseCode = "200", description = "What the check found",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Status.class)))
    public Status check() {
        return new Status(integrity.service(), integrity.signing(), integrity.publicKey().orElse(null), integrity.check(),
                integrity.alarms(100));
    }

    @GET
    @Path("export")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "exportStore", summary = "Download this service's event store, or a request's streams", description = "A "
            + "`sidan-store-export/1` JSON document: the service's checkpoints, then every event with its position and the exact "
            + "payload text that was hashed. With `stream` (a request id: the request's stream here, its case in the dispatch "
            + "service, its rating sheets in the rating service), only those streams, the newest checkpoint and the Merkle proofs "
            + "that each stream's head as of that checkpoint is in its signed tree: a request's case file. Check it without a "
            + "database with `./sidan verify <file> --key <public key>`, adding `--witness <file>` with the checkpoints other "
            + "services kept (GET …/checkpoints?service= on each of them).")
    @APIResponse(responseCode = "200", description = "The export, as a file",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Object.class)))
    public Response export(@Parameter(description = "Only these streams (repeat for several, up to 50), e.g. a request id",
            schema = @Schema(type = SchemaType.ARRAY, maxItems = 50, implementation = String.class)) @QueryParam("stream") List<String> streams) {
        List<String> chosen = streams == null ? List.of() : List.copyOf(streams);
        if (chosen.size() > 50 || chosen.stream().anyMatch(id -> id.isBlank() || id.length() > 200)) {
            throw ProblemException.invalidField("stream", "up to 50 stream ids of 1 to 200 characters each");
        }
        StreamingOutput body = out -> integrity.export(chosen, out);
        String name = chosen.size() == 1 ? chosen.get(0).replaceAll("[^A-Za-z0-9._-]", "_") : "store";
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"sidan-" + integrity.service() + "-" + name + ".json\"")
                .build();
    }

    @GET
    @Path("checkpoints")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listCheckpoints", summary = "Checkpoints received from the services", description = "Every "
            + "service's signed checkpoints as they arrived here over Kafka, oldest first: the copies that outlive a rewrite "
            + "of the signer's own database. Pass them to `./sidan verify --witness`.")
    @APIResponse(responseCode = "200", description = "Checkpoints",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckpointSigned[].class)))
    public List<CheckpointSigned> checkpoints(@Parameter(description = "Only this service's, e.g. request-service",
            schema = @Schema(maxLength = 100)) @QueryParam("service") String service) {
        if (service != null && (service.isBlank() || service.length() > 100)) {
            throw ProblemException.invalidField("service", "must be a service name, e.g. request-service");
        }
        return integrity.witnessed(service);
    }

    @POST
    @Path("checkpoints")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recordCheckpoint", summary = "Sign a checkpoint now", description = "Signs the next checkpoint "
            + "of this service's store without waiting for the schedule (sidan.integrity.checkpoint-every), e.g. before an "
            + "export. It covers the events recorded at least sidan.integrity.settle ago. With checkStore=true it first checks "
            + "that the store itself still gives the previous checkpoint (it reads every event: about a minute at a million "
            + "requests), as it does once every sidan.integrity.store-check-every, e.g. after a restore. 204 when there is "
            + "nothing new to cover (or another instance of the service is signing one at this moment).")
    @APIResponse(responseCode = "201", description = "Signed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckpointSigned.class)))
    @APIResponse(responseCode = "204", description = "Nothing new since the last checkpoint, or one is being signed")
    @APIResponse(responseCode = "400", description = "checkStore is neither true nor false")
    @APIResponse(responseCode = "409", description = "This service has no signing key configured")
    public Response sign(@Parameter(description = "Check the whole store against the previous checkpoint before signing",
            schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("checkStore") String checkStoreParam) {
        boolean checkStore = Params.bool("checkStore", checkStoreParam, false);
        if (!integrity.signing()) {
            throw ProblemException.conflict("This service has no signing key (sidan.integrity.signing-key), so it signs no checkpoints.");
        }
        return integrity.checkpoint(checkStore).map(cp -> Response.status(Response.Status.CREATED).entity(cp).build())
                .orElseGet(() -> Response.noContent().build());
    }
}
