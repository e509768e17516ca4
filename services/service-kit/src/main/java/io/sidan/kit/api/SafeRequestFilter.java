package io.sidan.kit.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses control characters in query parameters and headers the API reads, before any resource
 * sees them (the database cannot store a NUL, and no legitimate value contains one).
 */
public class SafeRequestFilter {

    @ServerRequestFilter(preMatching = true)
    public void refuseControlCharacters(ContainerRequestContext request) {
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        for (var entry : query.entrySet()) {
            for (String value : entry.getValue()) {
                if (StrictJson.hasControlCharacters(value) || StrictJson.hasControlCharacters(entry.getKey())) {
                    throw ProblemException.invalidField(entry.getKey(), "contains control characters");
                }
            }
        }
        String path = request.getUriInfo().getPath();
        if (StrictJson.hasControlCharacters(path)) {
            throw ProblemException.badRequest("The path contains control characters.");
        }
        for (String header : new String[] {"Idempotency-Key", "If-Match", "X-Correlation-Id"}) {
            String value = request.getHeaderString(header);
            if (value != null && (StrictJson.hasControlCharacters(value) || value.length() > 200)) {
                throw ProblemException.invalidField(header, "must be at most 200 printable characters");
            }
        }
    }
}
