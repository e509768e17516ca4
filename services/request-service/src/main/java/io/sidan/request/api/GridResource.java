package io.sidan.request.api;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.sidan.contracts.events.Grid;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.kit.api.CorrelationIds;
import io.sidan.kit.api.Params;
import io.sidan.kit.api.ProblemException;
import io.sidan.kit.security.Caller;
import io.sidan.request.application.CatalogueApplication;
import io.sidan.request.domain.CatalogueCommand;
import io.sidan.request.projection.CatalogueQueries;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/grids")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Grids", description = "The grid registry (网格)")
public class GridResource {

    private final CatalogueQueries queries;
    private final CatalogueApplication application;
    private final Caller caller;

    public GridResource(CatalogueQueries queries, CatalogueApplication application, Caller caller) {
        this.queries = queries;
        this.application = application;
        this.caller = caller;
    }

    @GET
    @PermitAll
    @Operation(operationId = "listGrids", summary = "The grids", description = "Code, name, district and grid leader of each grid. Public.")
    @APIResponse(responseCode = "200", description = "Grids",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Grid[].class)))
    public List<Grid> list(@Parameter(description = "Include inactive grids", schema = @Schema(type = SchemaType.BOOLEAN))
                           @QueryParam("includeInactive") String includeInactive) {
        boolean all = Params.bool("includeInactive", includeInactive, false);
        return queries.grids(all);
    }

    @GET
    @Path("{code}")
    @PermitAll
    @Operation(operationId = "getGrid", summary = "One grid", description = "A grid (网格) by its code, with its district and leader; 404 if there is none.")
    @APIResponse(responseCode = "200", description = "The grid",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Grid.class)))
    public Grid get(@PathParam("code") String code) {
        return queries.grid(code)
                .orElseThrow(() -> ProblemException.notFound("There is no grid " + code + "."));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "registerGrid", summary = "Register a grid (admin)",
            description = "Adds a grid residents can name in their requests; 409 when the code is taken.")
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Grid.class)))
    @APIResponse(responseCode = "409", description = "The code exists already")
    public Response register(@Valid @NotNull GridBody body) {
        Grid grid = body.toGrid();
        application.execute(new CatalogueCommand.RegisterGrid(grid), metadata());
        return Response.created(URI.create("/api/grids/" + grid.code())).entity(grid).build();
    }

    @PUT
    @Path("{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "changeGrid", summary = "Change a grid (admin)",
            description = "Replaces a grid's name, district, leader or active flag; the code stays.")
    @APIResponse(responseCode = "200", description = "Changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Grid.class)))
    public Grid change(@PathParam("code") String code, @Valid @NotNull GridBody body) {
        if (!code.equals(body.code())) {
            throw ProblemException.invalidField("code", "must equal the code in the path (" + code + ")");
        }
        if (queries.grid(code).isEmpty()) {
            throw ProblemException.notFound("There is no grid " + code + ".");
        }
        Grid grid = body.toGrid();
        application.execute(new CatalogueCommand.ChangeGrid(grid), metadata());
        return grid;
    }

    private EventMetadata metadata() {
        return new EventMetadata(caller.as(Caller.ADMIN), CorrelationIds.from(null), null);
    }
}
