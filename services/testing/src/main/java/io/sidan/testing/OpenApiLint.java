package io.sidan.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Lints an OpenAPI document as a client generator reads it. {@link #findings} checks offline, in plain
 * Java, the rules of Spectral's {@code spectral:oas} and Redocly's {@code recommended} set that a
 * generated client depends on, plus this project's own (verb-first operation ids);
 * {@link #lintWithSpectralAndRedocly} runs the two linters themselves.
 * <ul>
 *   <li>info has a title, a version and a description; {@code servers} is not empty, no URL ends in /</li>
 *   <li>every operation has a unique, verb-first camelCase {@code operationId} (the method name of a
 *       generated client), a summary, a description and tags that the document defines</li>
 *   <li>every parameter has a name, a location and a schema; every {name} of a path is a path parameter</li>
 *   <li>every operation answers some 2xx and some 4xx; every response header has a schema</li>
 *   <li>every operation says how it is secured ({@code security}: an empty list for a public one)</li>
 * </ul>
 */
public final class OpenApiLint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    /** The verbs an operation id may start with: what a newcomer expects a client method to be called. */
    private static final Pattern OPERATION_ID = Pattern.compile("(get|list|submit|cancel|reopen|reveal|add|change|register|"
            + "update|assign|offer|reject|suggest|accept|decline|start|complete|record|export|rebuild|verify|approve|erase|delete)[A-Z][A-Za-z]*");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private OpenApiLint() {
    }

    /** What Spectral and Redocly said, and whether they found no error. */
    public record LinterReport(boolean clean, String output) {
    }

    /**
     * Runs the real linters on the document: Spectral ({@code spectral:oas}) and Redocly
     * ({@code recommended}), through {@code services/testing/openapi-lint/lint.sh}, which installs their
     * locked npm packages on first use. Clean means neither reported an error.
     */
    public static LinterReport lintWithSpectralAndRedocly(String openApiJson) {
        try {
            Path script = lintScript();
            Path doc = Files.createTempFile("openapi-", ".json");
            try {
                Files.writeString(doc, openApiJson);
                Process process = new ProcessBuilder("bash", script.toString(), doc.toString()).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    return new LinterReport(false, output + "\n(timed out)");
                }
                return new LinterReport(process.exitValue() == 0, output);
            } finally {
                Files.deleteIfExists(doc);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the OpenAPI linters: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The lint script, found from the module a test runs in (services/x) or from the repository root. */
    private static Path lintScript() {
        Path dir = Path.of("").toAbsolutePath();
        for (; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("services/testing/openapi-lint/lint.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("services/testing/openapi-lint/lint.sh not found above " + Path.of("").toAbsolutePath());
    }

    /** What is wrong with the document, one line each; empty when it lints clean. */
    public static List<String> findings(String openApiJson) {
        JsonNode doc;
        try {
            doc = JSON.readTree(openApiJson);
        } catch (Exception e) {
            return List.of("not JSON: " + e.getMessage());
        }
        List<String> findings = new ArrayList<>();
        for (String field : List.of("title", "version", "description")) {
            if (doc.path("info").path(field).asText("").isBlank()) {
                findings.add("info." + field + " is missing");
            }
        }
        if (!doc.path("servers").isArray() || doc.path("servers").isEmpty()) {
            findings.add("servers is empty");
        }
        doc.path("servers").forEach(s -> {
            if (s.path("url").asText("").endsWith("/")) {
                findings.add("server " + s.path("url").asText() + " ends in /");
            }
        });
        Set<String> definedTags = new HashSet<>();
        doc.path("tags").forEach(t -> definedTags.add(t.path("name").asText()));
        Map<String, String> operationIds = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
            while (operations.hasNext()) {
                Map.Entry<String, JsonNode> entry = operations.next();
                if (!METHODS.contains(entry.getKey())) {
                    continue;
                }
                String where = entry.getKey().toUpperCase() + " " + path.getKey();
                lintOperation(where, path.getKey(), path.getValue(), entry.getValue(), definedTags, operationIds, findings);
            }
        }
        return findings;
    }

    private static void lintOperation(String where, String path, JsonNode pathItem, JsonNode op, Set<String> definedTags,
                                      Map<String, String> operationIds, List<String> findings) {
        String id = op.path("operationId").asText("");
        if (id.isEmpty()) {
            findings.add(where + ": no operationId");
        } else {
            if (!OPERATION_ID.matcher(id).matches()) {
                findings.add(where + ": operationId " + id + " is not verb-first camelCase");
            }
            String before = operationIds.put(id, where);
            if (before != null) {
                findings.add(where + ": operationId " + id + " is also " + before);
            }
        }
        for (String field : List.of("summary", "description")) {
            if (op.path(field).asText("").isBlank()) {
                findings.add(where + ": no " + field);
            }
        }
        if (!op.path("tags").isArray() || op.path("tags").isEmpty()) {
            findings.add(where + ": no tags");
        }
        op.path("tags").forEach(t -> {
            if (!definedTags.contains(t.asText())) {
                findings.add(where + ": tag " + t.asText() + " is not defined in the document's tags");
            }
        });
        Set<String> pathParameters = new HashSet<>();
        List<JsonNode> parameters = new ArrayList<>();
        pathItem.path("parameters").forEach(parameters::add);
        op.path("parameters").forEach(parameters::add);
        for (JsonNode p : parameters) {
            String name = p.path("name").asText("");
            if (name.isBlank() || !Set.of("path", "query", "header", "cookie").contains(p.path("in").asText())) {
                findings.add(where + ": a parameter without a proper name or location: " + p);
            }
            if (!p.has("schema") && !p.has("content")) {
                findings.add(where + ": parameter " + name + " has no schema");
            }
            if ("path".equals(p.path("in").asText())) {
                pathParameters.add(name);
            }
        }
        Matcher m = PATH_PARAMETER.matcher(path);
        while (m.find()) {
            if (!pathParameters.contains(m.group(1))) {
                findings.add(where + ": {" + m.group(1) + "} is not declared as a path parameter");
            }
        }
        JsonNode responses = op.path("responses");
        List<String> codes = new ArrayList<>();
        responses.fieldNames().forEachRemaining(codes::add);
        if (codes.stream().noneMatch(c -> c.startsWith("2"))) {
            findings.add(where + ": no 2xx response");
        }
        if (codes.stream().noneMatch(c -> c.startsWith("4"))) {
            findings.add(where + ": no 4xx response");
        }
        responses.fields().forEachRemaining(r -> r.getValue().path("headers").fields().forEachRemaining(h -> {
            if (!h.getValue().has("schema") && !h.getValue().has("content")) {
                findings.add(where + ": header " + h.getKey() + " of " + r.getKey() + " has no schema");
            }
        }));
        if (!op.has("security")) {
            findings.add(where + ": does not say how it is secured (security: [] for a public operation)");
        }
    }
}
