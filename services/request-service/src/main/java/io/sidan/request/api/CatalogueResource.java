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

import io.sidan.contracts.events.Category;
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

@Path("/api/catalogue")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalogue", description = "Service categories with their items and SLA targets")
public class CatalogueResource {

    private final CatalogueQueries queries;
    private final CatalogueApplication application;
    private final Caller caller;

    public CatalogueResource(CatalogueQueries queries, CatalogueApplication application, Caller caller) {
        this.queries = queries;
        this.application = application;
        this.caller = caller;
    }

    @GET
    @PermitAll
    @Operation(operationId = "listCategories", summary = "The service catalogue", description = "Categories in display order with zh-CN and English "
            + "names, descriptions, service items and SLA targets (minutes) per urgency. Public.")
    @APIResponse(responseCode = "200", description = "Categories",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Category[].class)))
    public List<Category> list(@Parameter(description = "Include inactive categories", schema = @Schema(type = SchemaType.BOOLEAN))
                               @QueryParam("includeInactive") String includeInactive) {
        boolean all = Params.bool("includeInactive", includeInactive, false);
        return List.copyOf(queries.categories(all).values());
    }

    @GET
    @Path("{code}")
    @PermitAll
    @Operation(operationId = "getCategory", summary = "One category",
            description = "A service category by its code, with its items and SLA per urgency; 404 if there is none.")
    @APIResponse(responseCode = "200", description = "The category",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Category.class)))
    public Category get(@PathParam("code") String code) {
        return queries.category(code)
                .orElseThrow(() -> ProblemException.notFound("There is no category " + code + "."));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "addCategory", summary = "Add a category (admin)", description = "Recorded as a catalogue.category-added event.")
    @APIResponse(responseCode = "201", description = "Added",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Category.class)))
    @APIResponse(responseCode = "409", description = "The code exists already")
    public Response add(@Valid @NotNull CategoryBody body) {
        Category category = body.toCategory();
        application.execute(new CatalogueCommand.AddCategory(category), metadata());
        return Response.created(URI.create("/api/catalogue/" + category.code())).entity(category).build();
    }

    @PUT
    @Path("{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "changeCategory", summary = "Change a category (admin)", description = "The whole new definition; recorded as a "
            + "catalogue.category-changed event. Requests keep the SLA they were submitted with.")
    @APIResponse(responseCode = "200", description = "Changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Category.class)))
    public Category change(@PathParam("code") String code, @Valid @NotNull CategoryBody body) {
        if (!code.equals(body.code())) {
            throw ProblemException.invalidField("code", "must equal the code in the path (" + code + ")");
        }
        if (queries.category(code).isEmpty()) {
            throw ProblemException.notFound("There is no category " + code + ".");
        }
        Category category = body.toCategory();
        application.execute(new CatalogueCommand.ChangeCategory(category), metadata());
        return category;
    }

    private EventMetadata metadata() {
        return new EventMetadata(caller.as(Caller.ADMIN), CorrelationIds.from(null), null);
    }
}
