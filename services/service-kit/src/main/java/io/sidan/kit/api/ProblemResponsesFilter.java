package io.sidan.kit.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Completes the OpenAPI document of every service in one place, so it says exactly what the API does:
 * <ul>
 *   <li>the error answers every operation can give, as {@code application/problem+json}: 400 for
 *       invalid input, 401 and 403 on secured operations, 404, 406 for an unacceptable {@code Accept},
 *       415 for a body that is not JSON, 429 on secured writes beyond the user's rate limit, 503 when the
 *       service is overloaded; 412 on every operation that takes {@code If-Match}. Operations declare
 *       their own extra codes (409, 422) with a description only: this filter gives every error answer
 *       its problem content, and never overrides a description an operation wrote;</li>
 *   <li>request bodies refuse unknown fields ({@code additionalProperties: false}), as the server
 *       does;</li>
 *   <li>every parameter has a type (whole numbers where bounds are given, text otherwise), since
 *       parameters are read as text and parsed strictly;</li>
 *   <li>the roles an operation allows are in {@code x-roles}, not in the bearer requirement's scopes
 *       (which clients read as OAuth scopes).</li>
 * </ul>
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponsesFilter implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.addSchema("FieldError", OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("A field that is missing or invalid")
                .addProperty("field", string("JSON path of the field"))
                .addProperty("message", string("What is wrong with it")));
        components.addSchema("Problem", OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("An error (RFC 9457 problem details). `detail` says in plain words what went wrong.")
                .required(List.of("type", "title", "status"))
                .addProperty("type", string("A URI naming the kind of problem"))
                .addProperty("title", string("Short summary of the kind of problem"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .description("The HTTP status code"))
                .addProperty("detail", string("What went wrong with this request"))
                .addProperty("instance", string("The request path"))
                .addProperty("currentStatus", string("The state the resource is in, for conflicts"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError"))
                        .description("One entry per invalid field")));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Set<String> inputs = new java.util.HashSet<>();
        Components all = components;
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
                document(entry.getKey(), entry.getValue());
                Operation op = entry.getValue();
                if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                    op.getRequestBody().getContent().getMediaTypes().values()
                            .forEach(m -> collectRefs(m.getSchema(), all, inputs));
                }
                if (op.getParameters() != null) {
                    op.getParameters().forEach(p -> typed(p.getSchema()));
                }
            }
            if (item.getParameters() != null) {
                item.getParameters().forEach(p -> typed(p.getSchema()));
            }
        }
        for (String name : inputs) {
            Schema schema = components.getSchemas().get(name);
            if (schema != null && schema.getProperties() != null) {
                schema.setAdditionalPropertiesBoolean(false);
            }
        }
    }

    /** The component schemas a request body uses, directly or nested. */
    private static void collectRefs(Schema schema, Components components, Set<String> found) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null) {
            String name = schema.getRef().substring(schema.getRef().lastIndexOf('/') + 1);
            if (found.add(name) && components.getSchemas() != null) {
                collectRefs(components.getSchemas().get(name), components, found);
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(s -> collectRefs(s, components, found));
        }
        collectRefs(schema.getItems(), components, found);
        if (schema.getAdditionalPropertiesSchema() != null) {
            collectRefs(schema.getAdditionalPropertiesSchema(), components, found);
        }
        if (schema.getAllOf() != null) {
            schema.getAllOf().forEach(s -> collectRefs(s, components, found));
        }
    }

    private static void typed(Schema schema) {
        if (schema == null || schema.getRef() != null || (schema.getType() != null && !schema.getType().isEmpty())) {
            return;
        }
        schema.addType(schema.getMinimum() != null || schema.getMaximum() != null
                ? Schema.SchemaType.INTEGER : Schema.SchemaType.STRING);
    }

    private static void document(PathItem.HttpMethod method, Operation op) {
        APIResponses responses = op.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            op.setResponses(responses);
        }
        add(responses, "400", "Invalid input: malformed JSON, a missing, unknown or invalid field or parameter");
        boolean secured = op.getSecurity() != null && !op.getSecurity().isEmpty();
        if (!secured) {
            op.setSecurity(new ArrayList<>()); // public, and saying so: generators and linters want it explicit
        } else {
            rolesApart(op);
        }
        if (secured) {
            add(responses, "401", "No valid bearer token");
            add(responses, "403", "The caller's role may not do this");
        }
        add(responses, "404", "No such resource (or not visible to the caller)");
        add(responses, "406", "The Accept header excludes application/json");
        if (op.getRequestBody() != null) {
            add(responses, "415", "The body is not sent as application/json");
        }
        boolean conditional = op.getParameters() != null && op.getParameters().stream()
                .anyMatch(p -> "If-Match".equalsIgnoreCase(p.getName()));
        if (conditional) {
            add(responses, "412", "If-Match does not match: it changed since you read it; reload it and try again");
        }
        if (responses.getAPIResponses() != null) {
            for (Map.Entry<String, APIResponse> declared : responses.getAPIResponses().entrySet()) {
                String code = declared.getKey();
                if (code.startsWith("4") || code.startsWith("5")) {
                    add(responses, code, declared.getValue().getDescription());
                }
            }
        }
        add(responses, "503", "Overloaded: too many requests in flight (sidan.http.max-in-flight); retry after Retry-After seconds");
        responses.getAPIResponse("503").addHeader("Retry-After", retryAfter("Seconds to wait before trying again"));
        if (secured && method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD) {
            add(responses, "429", "Too many writes by this user (sidan.http.rate-limit.*); retry after Retry-After seconds");
            responses.getAPIResponse("429").addHeader("Retry-After", retryAfter("Seconds until the next write is accepted"));
        }
    }

    /**
     * A bearer scheme has no scopes: the roles that {@code @RolesAllowed} lists go to {@code x-roles}
     * (clients and linters read scopes as OAuth scopes), and the requirement keeps the scheme alone.
     */
    private static void rolesApart(Operation op) {
        Set<String> roles = new TreeSet<>();
        List<SecurityRequirement> plain = new ArrayList<>();
        for (SecurityRequirement requirement : op.getSecurity()) {
            SecurityRequirement scheme = OASFactory.createSecurityRequirement();
            if (requirement.getSchemes() != null) {
                requirement.getSchemes().forEach((name, scopes) -> {
                    if (scopes != null) {
                        roles.addAll(scopes);
                    }
                    scheme.addScheme(name);
                });
            }
            plain.add(scheme);
        }
        op.setSecurity(plain);
        if (!roles.isEmpty()) {
            op.addExtension("x-roles", new ArrayList<>(roles));
        }
    }

    private static org.eclipse.microprofile.openapi.models.headers.Header retryAfter(String description) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32").minimum(java.math.BigDecimal.ONE));
    }

    private static void add(APIResponses responses, String code, String description) {
        if (responses.hasAPIResponse(code)) {
            APIResponse existing = responses.getAPIResponse(code);
            if (existing.getContent() == null || existing.getContent().getMediaTypes() == null
                    || existing.getContent().getMediaTypes().isEmpty()) {
                existing.setContent(problemContent());
            }
            return;
        }
        responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description).content(problemContent()));
    }

    private static org.eclipse.microprofile.openapi.models.media.Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
