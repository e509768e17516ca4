package io.sidan.kit.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem: what every error response of Sidan looks like
 * ({@code application/problem+json}), never a stack trace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "An error (RFC 9457 problem details). `detail` says in plain words what went wrong.")
public record Problem(
        @Schema(description = "A URI reference naming the kind of problem", examples = "https://sidan.io/problems/validation")
        String type,
        @Schema(description = "Short summary of the kind of problem", examples = "Invalid request")
        String title,
        @Schema(description = "The HTTP status code", examples = "400")
        int status,
        @Schema(description = "What went wrong with this request", examples = "description must be at most 2000 characters")
        String detail,
        @Schema(description = "The request path", examples = "/api/requests")
        String instance,
        @Schema(description = "The state the resource is in, for conflicts", nullable = true)
        String currentStatus,
        @Schema(description = "One entry per invalid field", nullable = true)
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://sidan.io/problems/";

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, currentStatus, errors);
    }

    @Schema(name = "FieldError", description = "A field that is missing or invalid")
    public record FieldError(
            @Schema(description = "JSON path of the field", examples = "location.grid") String field,
            @Schema(description = "What is wrong with it", examples = "must not be blank") String message) {
    }
}
