package io.sidan.kit.api;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.sidan.eventing.replay.Projection;
import io.sidan.eventing.replay.ProjectionRebuilder;
import io.sidan.eventing.store.EventStore;
import io.sidan.kit.eventing.JtaTransactions;
import io.sidan.kit.security.Caller;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * For admins, in every service: the read models built from this service's own events, and a rebuild
 * of one of them from the event store (after a new projection was added, or to prove the model still
 * equals its events). Readers keep the old model until the rebuild commits.
 */
@Path("/api/admin/projections")
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Projections", description = "For admins: rebuild a read model from this service's event store")
public class ProjectionResource {

    /** A rebuild replays the whole store in one transaction; give it far longer than a command gets. */
    private static final Duration REBUILD_TIME_LIMIT = Duration.ofHours(1);

    @Schema(name = "ProjectionRebuild")
    public record Rebuild(String projection, long events, long millis, double eventsPerSecond) {
    }

    private final Instance<Projection> projections;
    private final ProjectionRebuilder rebuilder;

    public ProjectionResource(Instance<Projection> projections, JtaTransactions transactions, EventStore store) {
        this.projections = projections;
        this.rebuilder = new ProjectionRebuilder(transactions.withTimeout(REBUILD_TIME_LIMIT), store);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listProjections", summary = "The projections of this service", description = "Names to rebuild with POST …/{name}/rebuild.")
    @APIResponse(responseCode = "200", description = "Projection names",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = String[].class)))
    public List<String> list() {
        return projections.stream().map(Projection::name).sorted().toList();
    }

    @POST
    @Path("{name}/rebuild")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "rebuildProjection", summary = "Rebuild a projection from the event store", description = "Fills fresh copies of the read model's "
            + "tables from this service's events and swaps them in, in one transaction: readers keep the old model until "
            + "then, commands touching the model wait until it commits. "
            + "Answers how many events the rebuild read and how fast.")
    @APIResponse(responseCode = "200", description = "Rebuilt",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Rebuild.class)))
    public Rebuild rebuild(@PathParam("name") String name) {
        Projection projection = projections.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("There is no projection " + name + "; see GET /api/admin/projections."));
        ProjectionRebuilder.RebuildResult result = rebuilder.rebuild(projection);
        long millis = Math.max(1, result.took().toMillis());
        return new Rebuild(result.projection(), result.events(), millis, Math.round(result.events() * 1000.0 / millis));
    }
}
