package io.sidan.kit.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.sidan.contracts.domain.ConflictingRepeat;
import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.domain.NotAllowed;
import io.sidan.contracts.domain.NotFound;
import io.sidan.contracts.domain.Rejection;
import io.sidan.eventing.command.StaleVersion;
import io.sidan.eventing.store.ConcurrencyConflict;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into an {@code application/problem+json} answer with a clear {@code detail}:
 * bad JSON, unknown or invalid fields, wrong methods and media types, missing or bad tokens, missing
 * roles, conflicts. An unexpected failure is logged with a reference and answered 500 without any
 * internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final AllowedMethods allowedMethods;

    public ProblemMappers(AllowedMethods allowedMethods) {
        this.allowedMethods = allowedMethods;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response rejected(Rejection e, UriInfo uri) {
        return respond(ProblemException.conflict(e.getMessage(), e.currentStatus()).problem(), uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e, UriInfo uri) {
        return respond(ProblemException.notFound(e.getMessage()).problem(), uri);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowed e, UriInfo uri) {
        return respond(ProblemException.forbidden(e.getMessage()).problem(), uri);
    }

    @ServerExceptionMapper
    public Response invalidInput(InvalidInput e, UriInfo uri) {
        return respond(ProblemException.invalidField(e.field(), e.getMessage()).problem(), uri);
    }

    @ServerExceptionMapper
    public Response repeatedDifferently(ConflictingRepeat e, UriInfo uri) {
        return respond(ProblemException.unprocessable(e.getMessage()).problem(), uri);
    }

    @ServerExceptionMapper
    public Response stale(StaleVersion e, UriInfo uri) {
        return respond(ProblemException.preconditionFailed("It changed since you read it (now " + Etags.of(e.current())
                + ", you sent " + Etags.of(e.expected()) + "); reload it and try again.").problem(), uri);
    }

    @ServerExceptionMapper
    public Response conflict(ConcurrencyConflict e, UriInfo uri) {
        return respond(ProblemException.conflict("Someone else changed this item at the same moment; "
                + "reload it and try again.").problem(), uri);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400, detail, null, null, errors), uri);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String field = path(e);
        return respond(field(field, "is not a known field"), uri);
    }

    @ServerExceptionMapper
    public Response badValue(InvalidFormatException e, UriInfo uri) {
        String field = path(e);
        Class<?> target = e.getTargetType();
        String message;
        if ("(text with control characters)".equals(e.getValue())) {
            message = "contains control characters";
        } else if (target != null && target.isEnum()) {
            message = "'" + e.getValue() + "' is not one of " + Arrays.stream(target.getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
        } else {
            message = "'" + e.getValue() + "' is not a valid " + describe(target);
        }
        return respond(field(field, message), uri);
    }

    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e, UriInfo uri) {
        String field = path(e);
        if (field.isEmpty()) {
            return respond(badRequest("The request body must be a JSON object of the documented shape."), uri);
        }
        return respond(field(field, "has the wrong type; expected " + describe(e.getTargetType())), uri);
    }

    @ServerExceptionMapper
    public Response refused(ValueInstantiationException e, UriInfo uri) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return respond(badRequest("Invalid value: " + cause.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        String repeated = repeatedKey(e);
        if (repeated != null) {
            return respond(field(repeated, "is given more than once; give each key once"), uri);
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return respond(badRequest("The request body is not valid JSON" + where + ": " + e.getOriginalMessage()), uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        if (e.getCause() instanceof JsonParseException parse && repeatedKey(parse) != null) {
            return malformed(parse, uri); // a repeated key inside a nested object
        }
        if (e instanceof JsonMappingException m && !path(m).isEmpty()) {
            return respond(field(path(m), m.getOriginalMessage()), uri);
        }
        return respond(badRequest("The request body could not be read: " + e.getOriginalMessage()), uri);
    }

    /**
     * The body did not arrive (the client stalled or went away while the request waited for a worker):
     * the client's side, answered 408 without a stack trace, so an overload does not also flood the log.
     * JSON errors, also IOExceptions, have their own mappers above.
     */
    @ServerExceptionMapper
    public Response bodyNotReceived(java.io.IOException e, UriInfo uri) {
        LOG.debugf("request body not received on %s: %s", uri == null ? "?" : uri.getPath(), e.getMessage());
        return respond(ProblemException.of(408, "request-timeout", "Request timeout",
                "The request body did not arrive in time; send the request again.").problem(), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        Throwable cause = e.getCause();
        if (status == 400 && cause instanceof JsonProcessingException json) {
            return switch (json) {
                case UnrecognizedPropertyException u -> unknownField(u, uri);
                case InvalidFormatException f -> badValue(f, uri);
                case MismatchedInputException m -> wrongShape(m, uri);
                case JsonParseException p -> malformed(p, uri);
                default -> unreadable(json, uri);
            };
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.StatusType reason = Response.Status.fromStatusCode(status);
        String title = reason == null ? "Error" : reason.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "There is no resource at " + (uri == null ? "this path" : "/" + uri.getPath().replaceFirst("^/", "")) + ".";
            case 405 -> "This method is not allowed here; allowed: " + allowed405(original, uri) + ".";
            case 406 -> "This resource answers application/json (and application/problem+json for errors).";
            case 415 -> "Send the request body as application/json.";
            default -> e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? title : e.getMessage();
        };
        Response.ResponseBuilder b = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.TYPE_BASE + slug(title), title, status, detail, path(uri), null, null));
        if (status == 405) {
            b.header(HttpHeaders.ALLOW, allowed405(original, uri));
        }
        return b.build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthorized(Exception e, UriInfo uri) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(new Problem(Problem.TYPE_BASE + "unauthorized", "Unauthorized", 401,
                        "Sign in first: send a valid bearer token (Authorization: Bearer …).", path(uri), null, null))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(ProblemException.forbidden("Your role may not do this.").problem(), uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s on %s", reference, uri == null ? "?" : uri.getPath());
        return Response.status(500).type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.TYPE_BASE + "internal", "Internal error", 500,
                        "Something went wrong on our side; the operators can find it under reference " + reference + ".",
                        path(uri), null, null))
                .build();
    }

    private static Response respond(Problem problem, UriInfo uri) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem.withInstance(path(uri))).build();
    }

    private static Problem badRequest(String detail) {
        return ProblemException.badRequest(detail).problem();
    }

    private static Problem field(String field, String message) {
        return ProblemException.invalidField(field.isEmpty() ? "body" : field, message).problem();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    /** The JSON path of a mapping error, e.g. {@code location.grid} or {@code volunteerHours[1].hours}. */
    /** The dotted path of a key the strict parser found twice (StrictJson), or null for other parse errors. */
    static String repeatedKey(JsonParseException e) {
        String message = e.getOriginalMessage();
        if (message == null || !message.startsWith("Duplicate field '") || !(e.getProcessor() instanceof JsonParser parser)) {
            return null;
        }
        String key = message.substring("Duplicate field '".length(), message.lastIndexOf('\''));
        List<String> steps = new java.util.ArrayList<>();
        for (String step : parser.getParsingContext().pathAsPointer().toString().split("/")) {
            if (!step.isEmpty()) {
                steps.add(step.replace("~1", "/").replace("~0", "~"));
            }
        }
        // the pointer names the enclosing object, and at the top level already the repeated key itself
        if (!steps.isEmpty() && steps.getLast().equals(key)) {
            steps.removeLast();
        }
        steps.add(key);
        StringBuilder path = new StringBuilder();
        for (String step : steps) {
            if (step.chars().allMatch(Character::isDigit)) {
                path.append('[').append(step).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(step);
            }
        }
        return path.toString();
    }

    static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /** The field a violation is about, without the method and body parameter names. */
    static String fieldOf(ConstraintViolation<?> v) {
        List<String> properties = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.getName() == null || node.getName().startsWith("<")) {
                    continue;
                }
                String name = node.getName();
                if (node.getIndex() != null && !properties.isEmpty()) {
                    int last = properties.size() - 1;
                    properties.set(last, properties.get(last) + "[" + node.getIndex() + "]");
                }
                properties.add(name);
            }
        }
        if (properties.isEmpty()) {
            return parameter == null ? "request" : parameter;
        }
        return String.join(".", properties);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "string";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "ISO-8601 date-time string such as 2026-03-05T08:30:00Z";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        return "object";
    }

    private String allowed405(Response original, UriInfo uri) {
        String allow = original == null ? null : original.getHeaderString(HttpHeaders.ALLOW);
        if (allow == null && uri != null) {
            allow = allowedMethods.allowedFor(uri.getPath());
        }
        return allow == null || allow.isEmpty() ? "OPTIONS" : allow;
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
