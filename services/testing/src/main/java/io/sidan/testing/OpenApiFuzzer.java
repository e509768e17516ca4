package io.sidan.testing;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A small contract fuzzer in the spirit of Schemathesis: it reads a service's published OpenAPI
 * document and, for every operation, sends a plausible request and many broken ones (missing,
 * mistyped, oversized and unknown fields, bad parameters, wrong media types, no token). Every answer
 * must be documented for its operation, never a 5xx, errors must be problem+json, requests that break
 * the schema must be refused, and successful answers must match their response schema.
 */
public final class OpenApiFuzzer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    private final JsonNode doc;
    private final Map<String, String> pathValues;
    private final List<String> findings = new ArrayList<>();
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private int requests;

    /**
     * @param pathValues values for path parameters by name (an existing request id, say); others get "x"
     */
    public OpenApiFuzzer(String openApiJson, Map<String, String> pathValues) {
        try {
            this.doc = JSON.readTree(openApiJson);
        } catch (Exception e) {
            throw new IllegalArgumentException("not an OpenAPI document", e);
        }
        this.pathValues = pathValues;
    }

    public int requests() {
        return requests;
    }

    /** Fuzzes every operation with each token (a role's bearer token); returns what was wrong. */
    public List<String> run(List<String> tokens) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    fuzz(path.getKey(), op.getKey(), op.getValue(), tokens);
                }
            }
        }
        return findings;
    }

    private void fuzz(String template, String method, JsonNode op, List<String> tokens) {
        boolean secured = op.has("security") && !op.path("security").isEmpty();
        JsonNode bodySchema = op.path("requestBody").path("content").path("application/json").path("schema");
        boolean hasBody = !bodySchema.isMissingNode();
        Map<String, String> query = new LinkedHashMap<>();
        for (JsonNode p : op.path("parameters")) {
            if (p.path("in").asText().equals("query")) {
                query.put(p.path("name").asText(), null); // absent by default
            }
        }
        JsonNode valid = hasBody ? example(bodySchema, 0) : null;
        if (secured) {
            check(template, method, op, "no token", send(null, method, template, Map.of(), Map.of(), valid, "application/json"), false);
        }
        for (String token : tokens) {
            check(template, method, op, "plausible", send(token, method, template, Map.of(), Map.of(), valid, "application/json"), true);
            // path parameters that cannot exist
            for (String bad : List.of("does-not-exist", "%00", "x".repeat(300), "..%2F..")) {
                if (template.contains("{")) {
                    check(template, method, op, "path " + bad, send(token, method, template, Map.of("*", bad), Map.of(), valid,
                            "application/json"), true);
                }
            }
            // query parameters with values of the wrong kind
            for (String name : query.keySet()) {
                for (String bad : List.of("", "zzz", "-1", "99999999999999999999", "1.5", "%00")) {
                    check(template, method, op, "query " + name + "=" + bad, send(token, method, template, Map.of(),
                            Map.of(name, bad), valid, "application/json"), true);
                }
            }
            if (!hasBody) {
                continue;
            }
            // bodies that break the schema must be refused
            for (Map.Entry<String, JsonNode> broken : brokenBodies(bodySchema, valid).entrySet()) {
                Response r = send(token, method, template, Map.of(), Map.of(), broken.getValue(), "application/json");
                check(template, method, op, "body " + broken.getKey(), r, true);
                if (r.statusCode() < 400) {
                    findings.add(method.toUpperCase() + " " + template + " accepted a body that breaks its schema ("
                            + broken.getKey() + "): " + r.statusCode());
                }
            }
            boolean bodyRequired = op.path("requestBody").path("required").asBoolean(false);
            for (String raw : List.of("{", "[]", "null", "1", "\"text\"", "")) {
                Response r = sendRaw(token, method, template, raw, "application/json");
                check(template, method, op, "raw " + raw, r, true);
                boolean absent = raw.equals("null") || raw.isEmpty(); // no body at all: fine where none is required
                if (r.statusCode() < 400 && (bodyRequired || !absent)) {
                    findings.add(method.toUpperCase() + " " + template + " accepted the body '" + raw + "': " + r.statusCode());
                }
            }
            check(template, method, op, "text/plain", sendRaw(token, method, template, "hello", "text/plain"), true);
            // a key given twice is ambiguous: refused with 400, naming the key
            for (Map.Entry<String, String> repeated : repeatedKeys(valid).entrySet()) {
                Response r = sendRaw(token, method, template, repeated.getValue(), "application/json");
                check(template, method, op, "repeated key " + repeated.getKey(), r, true);
                if (r.statusCode() != 400 && r.statusCode() != 401 && r.statusCode() != 403) {
                    findings.add(method.toUpperCase() + " " + template + " answered " + r.statusCode()
                            + " to a body with the key " + repeated.getKey() + " twice (expected 400)");
                } else if (r.statusCode() == 400 && !repeated.getKey().equals(firstErrorField(r))) {
                    findings.add(method.toUpperCase() + " " + template + " refused the repeated key " + repeated.getKey()
                            + " without naming it: " + r.asString());
                }
            }
        }
    }

    private static String firstErrorField(Response r) {
        try {
            return JSON.readTree(r.asByteArray()).path("errors").path(0).path("field").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * For every object in a valid body (the body itself and each nested object), the body's text with
     * that object's first key written twice, the second time with another value; by the key's path.
     */
    static Map<String, String> repeatedKeys(JsonNode valid) {
        Map<String, String> out = new LinkedHashMap<>();
        collectObjects(valid, "", new ArrayList<>()).forEach((path, target) -> {
            if (target.size() > 0) {
                String key = target.fieldNames().next();
                out.put(path.isEmpty() ? key : path + "." + key, write(valid, target));
            }
        });
        return out;
    }

    private static Map<String, JsonNode> collectObjects(JsonNode node, String path, List<JsonNode> seen) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (node instanceof ObjectNode object) {
            out.put(path, object);
            object.fields().forEachRemaining(f -> out.putAll(collectObjects(f.getValue(),
                    path.isEmpty() ? f.getKey() : path + "." + f.getKey(), seen)));
        } else if (node instanceof ArrayNode array && !array.isEmpty()) {
            out.putAll(collectObjects(array.get(0), path + "[0]", seen));
        }
        return out;
    }

    /** The JSON text of a node, with the first key of {@code repeat} (by identity) written twice. */
    private static String write(JsonNode node, JsonNode repeat) {
        if (node instanceof ObjectNode object) {
            StringBuilder b = new StringBuilder("{");
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!first) {
                    b.append(',');
                }
                b.append(NODES.textNode(f.getKey())).append(':').append(write(f.getValue(), repeat));
                if (first && node == repeat) {
                    b.append(',').append(NODES.textNode(f.getKey())).append(':').append(otherValue(f.getValue()));
                }
                first = false;
            }
            return b.append('}').toString();
        }
        if (node instanceof ArrayNode array) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < array.size(); i++) {
                b.append(i == 0 ? "" : ",").append(write(array.get(i), repeat));
            }
            return b.append(']').toString();
        }
        return node.toString();
    }

    private static String otherValue(JsonNode value) {
        return value.isTextual() ? NODES.textNode(value.asText() + "二").toString() : value.toString();
    }

    /** The schema-breaking variants of a valid body: each required field missing, each field mistyped or oversized. */
    private Map<String, JsonNode> brokenBodies(JsonNode schema, JsonNode valid) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JsonNode s = resolve(schema);
        if (!(valid instanceof ObjectNode object)) {
            return out;
        }
        for (JsonNode required : s.path("required")) {
            ObjectNode copy = object.deepCopy();
            copy.remove(required.asText());
            out.put("without " + required.asText(), copy);
        }
        for (Iterator<Map.Entry<String, JsonNode>> props = s.path("properties").fields(); props.hasNext(); ) {
            Map.Entry<String, JsonNode> p = props.next();
            JsonNode ps = resolve(p.getValue());
            String type = type(ps);
            ObjectNode wrong = object.deepCopy();
            switch (type) {
                case "string" -> wrong.put(p.getKey(), 12345);
                case "integer", "number" -> wrong.put(p.getKey(), "twelve");
                case "boolean" -> wrong.put(p.getKey(), "yes");
                case "array" -> wrong.put(p.getKey(), "not a list");
                default -> wrong.put(p.getKey(), 42);
            }
            out.put(p.getKey() + " of the wrong type", wrong);
            if (ps.has("maxLength")) {
                ObjectNode longer = object.deepCopy();
                longer.put(p.getKey(), "长".repeat(ps.path("maxLength").asInt() + 1));
                out.put(p.getKey() + " too long", longer);
            }
            if (ps.has("maximum")) {
                ObjectNode bigger = object.deepCopy();
                bigger.put(p.getKey(), ps.path("maximum").asDouble() + 1);
                out.put(p.getKey() + " above maximum", bigger);
            }
            if (ps.has("enum")) {
                ObjectNode other = object.deepCopy();
                other.put(p.getKey(), "NOT_A_VALUE");
                out.put(p.getKey() + " outside its enum", other);
            }
        }
        if (s.path("additionalProperties").isBoolean() && !s.path("additionalProperties").asBoolean()) {
            ObjectNode extra = object.deepCopy();
            extra.put("unexpectedField", "x");
            out.put("with an unknown field", extra);
        }
        return out;
    }

    private void check(String template, String method, JsonNode op, String what, Response r, boolean authenticated) {
        requests++;
        String where = method.toUpperCase() + " " + template + " [" + what + "] → " + r.statusCode();
        int status = r.statusCode();
        JsonNode responses = op.path("responses");
        if (status >= 500) {
            findings.add(where + ": server error " + r.asString());
            return;
        }
        JsonNode documented = responses.has(String.valueOf(status)) ? responses.path(String.valueOf(status)) : responses.path("default");
        if (documented.isMissingNode()) {
            findings.add(where + ": status not documented (documented: " + fieldNames(responses) + ")");
            return;
        }
        String contentType = r.contentType() == null ? "" : r.contentType();
        if (status >= 400 && !contentType.startsWith("application/problem+json")) {
            findings.add(where + ": error answered as " + contentType);
        }
        if (!authenticated && status != 401) {
            findings.add(where + ": expected 401 without a token");
        }
        if (status < 300 && contentType.startsWith("application/json")) {
            JsonNode schema = documented.path("content").path("application/json").path("schema");
            if (!schema.isMissingNode()) {
                try {
                    ObjectNode rooted = schema.deepCopy();
                    rooted.set("components", doc.path("components"));
                    JsonSchema validator = schemas.getSchema(rooted);
                    Set<ValidationMessage> errors = validator.validate(JSON.readTree(r.asByteArray()));
                    if (!errors.isEmpty()) {
                        findings.add(where + ": answer does not match its schema: " + errors);
                    }
                } catch (Exception e) {
                    findings.add(where + ": cannot check the answer: " + e.getMessage());
                }
            }
        }
    }

    private Response send(String token, String method, String template, Map<String, String> pathOverride,
                          Map<String, String> query, JsonNode body, String contentType) {
        return sendRaw(token, method, template, body == null ? null : body.toString(), contentType, pathOverride, query);
    }

    private Response sendRaw(String token, String method, String template, String body, String contentType) {
        return sendRaw(token, method, template, body, contentType, Map.of(), Map.of());
    }

    private Response sendRaw(String token, String method, String template, String body, String contentType,
                             Map<String, String> pathOverride, Map<String, String> query) {
        RequestSpecification r = given().urlEncodingEnabled(false).redirects().follow(false);
        if (token != null) {
            r = r.auth().oauth2(token);
        }
        if (body != null) {
            r = r.contentType(contentType).body(body);
        }
        for (Map.Entry<String, String> q : query.entrySet()) {
            r = r.queryParam(q.getKey(), q.getValue());
        }
        String path = template;
        while (path.contains("{")) {
            int start = path.indexOf('{');
            int end = path.indexOf('}', start);
            String name = path.substring(start + 1, end);
            String value = pathOverride.getOrDefault("*", pathValues.getOrDefault(name, "x"));
            path = path.substring(0, start) + value + path.substring(end + 1);
        }
        return r.request(method.toUpperCase(), path);
    }

    /** A plausible value for a schema: its first example, default or enum value, or the simplest of its type. */
    private JsonNode example(JsonNode schema, int depth) {
        JsonNode s = resolve(schema);
        if (s.has("examples") && s.path("examples").isArray() && !s.path("examples").isEmpty()) {
            JsonNode e = s.path("examples").get(0);
            if (e.isTextual() && type(s).equals("array")) {
                try {
                    return JSON.readTree(e.asText());
                } catch (Exception ignored) {
                    // fall through to the type
                }
            }
            if (!type(s).equals("object")) {
                return e;
            }
        }
        if (s.has("enum")) {
            return s.path("enum").get(0);
        }
        if (s.has("default")) {
            return s.path("default");
        }
        switch (type(s)) {
            case "string":
                if ("date-time".equals(s.path("format").asText())) {
                    return NODES.textNode(MutableClock.get().instant().plusSeconds(3600).toString());
                }
                return NODES.textNode("示例");
            case "integer":
                return NODES.numberNode(s.has("minimum") ? Math.max(1, s.path("minimum").asLong()) : 1);
            case "number":
                return NODES.numberNode(s.has("minimum") ? Math.max(1.0, s.path("minimum").asDouble()) : 1.0);
            case "boolean":
                return NODES.booleanNode(true);
            case "array":
                ArrayNode a = NODES.arrayNode();
                if (depth < 5) {
                    a.add(example(s.path("items"), depth + 1));
                }
                return a;
            default:
                ObjectNode o = NODES.objectNode();
                if (depth < 5) {
                    for (Iterator<Map.Entry<String, JsonNode>> props = s.path("properties").fields(); props.hasNext(); ) {
                        Map.Entry<String, JsonNode> p = props.next();
                        o.set(p.getKey(), example(p.getValue(), depth + 1));
                    }
                    if (s.path("additionalProperties").isObject() && s.has("propertyNames")) {
                        for (JsonNode key : resolve(s.path("propertyNames")).path("enum")) {
                            o.set(key.asText(), example(s.path("additionalProperties"), depth + 1));
                        }
                    }
                }
                return o;
        }
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 10 && s.has("$ref"); i++) {
            String ref = s.path("$ref").asText();
            JsonNode target = doc.at(ref.substring(1));
            if (target.isMissingNode()) {
                break;
            }
            if (s.size() > 1 && target.isObject()) {
                ObjectNode merged = ((ObjectNode) target).deepCopy();
                s.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("$ref") && !f.getKey().equals("type")) {
                        merged.set(f.getKey(), f.getValue());
                    }
                });
                s = merged;
            } else {
                s = target;
            }
        }
        return s;
    }

    private static String type(JsonNode s) {
        JsonNode t = s.path("type");
        if (t.isTextual()) {
            return t.asText();
        }
        if (t.isArray()) {
            for (JsonNode each : t) {
                if (!each.asText().equals("null")) {
                    return each.asText();
                }
            }
        }
        return s.has("properties") ? "object" : "string";
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
