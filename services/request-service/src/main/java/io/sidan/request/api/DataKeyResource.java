package io.sidan.request.api;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import io.sidan.contracts.integrity.ServiceSignatures;
import io.sidan.kit.api.ProblemException;
import io.sidan.kit.integrity.Integrity;
import io.sidan.request.application.DataKeys;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The data keys of requests, wrapped by the master key, for the other services that hold the master key
 * (the dispatch service shows contacts to dispatchers and teams). Not for people: callers prove which
 * service they are with {@link ServiceSignatures}, and the endpoint is left out of the public API
 * document. A request without a key in the answer had its personal data erased.
 */
@Path("/api/internal/data-keys")
@Produces(MediaType.APPLICATION_JSON)
public class DataKeyResource {

    private static final int MAX_IDS = 100;

    private final DataKeys keys;
    private final Integrity integrity;

    public DataKeyResource(DataKeys keys, Integrity integrity) {
        this.keys = keys;
        this.integrity = integrity;
    }

    /** {@code keys}: request id → its data key wrapped by the master key; an id left out has none (erased). */
    public record WrappedKeys(Map<String, String> keys) {
    }

    @GET
    @PermitAll
    @Operation(hidden = true)
    public WrappedKeys keys(@QueryParam("request") List<String> requestIds,
                            @HeaderParam(ServiceSignatures.HEADER) String signature, @Context UriInfo uri) {
        String path = uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
        if (integrity.callingService(signature, "GET", path).isEmpty()) {
            throw ProblemException.of(401, "unauthorized", "Unauthorized",
                    "For services only: a valid " + ServiceSignatures.HEADER + " header is required.");
        }
        if (requestIds.isEmpty() || requestIds.size() > MAX_IDS) {
            throw ProblemException.invalidField("request", "name 1 to " + MAX_IDS + " requests");
        }
        return new WrappedKeys(keys.wrapped(requestIds));
    }
}
