package io.sidan.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * As much of Kustomize as deploy/k8s uses, so the overlays can be rendered and verified on a machine
 * without the tool: {@code resources} (files and folders), {@code namespace}, {@code patches} (JSON 6902
 * operations, or strategic-merge patches including {@code $patch: delete}, with or without a
 * {@code target}), {@code replicas} and {@code images}. Anything else in a kustomization fails, so the
 * overlays cannot silently use what this does not render. Where {@code kubectl} is installed, the test
 * also renders with {@code kubectl kustomize} and compares.
 */
final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "patches", "replicas", "images");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");

    private Kustomize() {
    }

    /** The resources a kustomization folder renders to. */
    static List<ObjectNode> build(Path dir) {
        JsonNode k = read(dir.resolve("kustomization.yaml")).getFirst();
        for (Iterator<String> names = k.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml: '" + name + "' is not rendered by this test's Kustomize");
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(build(p));
            } else {
                read(p).forEach(doc -> out.add((ObjectNode) doc));
            }
        }
        for (JsonNode patch : k.path("patches")) {
            patch(dir, out, patch);
        }
        for (JsonNode r : k.path("replicas")) {
            List<ObjectNode> targets = out.stream().filter(o -> Set.of("Deployment", "StatefulSet", "ReplicaSet").contains(kind(o))
                    && name(o).equals(r.path("name").asText())).toList();
            require(!targets.isEmpty(), dir + ": replicas for " + r.path("name").asText() + " matches nothing");
            targets.forEach(t -> ((ObjectNode) t.path("spec")).put("replicas", r.path("count").asInt()));
        }
        for (JsonNode image : k.path("images")) {
            int replaced = replaceImage(out, image);
            require(replaced > 0, dir + ": image " + image.path("name").asText() + " matches no container");
        }
        if (k.has("namespace")) {
            for (ObjectNode o : out) {
                if (!CLUSTER_SCOPED.contains(kind(o))) {
                    ((ObjectNode) o.path("metadata")).put("namespace", k.path("namespace").asText());
                }
            }
        }
        Set<String> ids = new HashSet<>();
        for (ObjectNode o : out) {
            require(ids.add(id(o)), dir + ": " + id(o) + " appears twice");
        }
        return out;
    }

    static String kind(JsonNode o) {
        return o.path("kind").asText();
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    static String group(JsonNode o) {
        String apiVersion = o.path("apiVersion").asText();
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    static String id(JsonNode o) {
        return group(o) + "/" + kind(o) + "/" + o.path("metadata").path("namespace").asText() + "/" + name(o);
    }

    static List<JsonNode> read(Path file) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(Files.readString(file))) {
            List<JsonNode> out = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void patch(Path dir, List<ObjectNode> resources, JsonNode patch) {
        String text;
        try {
            text = patch.has("path") ? Files.readString(dir.resolve(patch.path("path").asText())) : patch.path("patch").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode body;
        try {
            body = YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": a patch is not YAML: " + e.getMessage(), e);
        }
        JsonNode target = patch.get("target");
        if (target == null) {
            require(body.isObject(), dir + ": a JSON 6902 patch needs a target");
            target = YAML.createObjectNode().put("kind", kind(body)).put("name", name(body));
        }
        for (Iterator<String> names = target.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            require(Set.of("kind", "name", "group", "version").contains(name), dir + ": target field " + name + " is not rendered here");
        }
        JsonNode selector = target;
        List<ObjectNode> targets = resources.stream().filter(o -> matches(o, selector)).toList();
        require(!targets.isEmpty(), dir + ": patch target " + target + " matches nothing");
        for (ObjectNode t : targets) {
            if (body.isArray()) {
                for (JsonNode op : body) {
                    apply6902(t, op, dir);
                }
            } else if ("delete".equals(body.path("$patch").asText())) {
                resources.remove(t);
            } else {
                merge(t, (ObjectNode) body);
            }
        }
    }

    private static boolean matches(ObjectNode o, JsonNode target) {
        String apiVersion = o.path("apiVersion").asText();
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return (!target.has("kind") || target.path("kind").asText().equals(kind(o)))
                && (!target.has("name") || target.path("name").asText().equals(name(o)))
                && (!target.has("group") || target.path("group").asText().equals(group(o)))
                && (!target.has("version") || target.path("version").asText().equals(version));
    }

    private static void apply6902(ObjectNode resource, JsonNode op, Path dir) {
        String path = op.path("path").asText();
        String[] steps = path.substring(1).split("/");
        JsonNode parent = resource;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = child(parent, unescape(steps[i]));
            require(parent != null && !parent.isMissingNode(), dir + ": " + path + " does not exist in " + id(resource));
        }
        String last = unescape(steps[steps.length - 1]);
        String name = op.path("op").asText();
        switch (name) {
            case "replace", "remove" -> {
                JsonNode existing = child(parent, last);
                require(existing != null && !existing.isMissingNode(), dir + ": " + name + " " + path + ": nothing there in " + id(resource));
                if (parent instanceof ObjectNode object) {
                    if (name.equals("remove")) {
                        object.remove(last);
                    } else {
                        object.set(last, op.path("value"));
                    }
                } else {
                    ArrayNode array = (ArrayNode) parent;
                    if (name.equals("remove")) {
                        array.remove(Integer.parseInt(last));
                    } else {
                        array.set(Integer.parseInt(last), op.path("value"));
                    }
                }
            }
            case "add" -> {
                if (parent instanceof ObjectNode object) {
                    object.set(last, op.path("value"));
                } else if (last.equals("-")) {
                    ((ArrayNode) parent).add(op.path("value"));
                } else {
                    ((ArrayNode) parent).insert(Integer.parseInt(last), op.path("value"));
                }
            }
            default -> throw new IllegalArgumentException(dir + ": JSON 6902 operation " + name + " is not rendered here");
        }
    }

    private static JsonNode child(JsonNode node, String step) {
        if (node instanceof ArrayNode array) {
            return step.matches("\\d+") ? array.get(Integer.parseInt(step)) : null;
        }
        return node.get(step);
    }

    private static String unescape(String step) {
        return step.replace("~1", "/").replace("~0", "~");
    }

    /**
     * A strategic merge as Kustomize does it for what deploy/k8s patches: objects merge field by field,
     * null removes, lists of named objects (containers, env, ports) merge by name, other lists are replaced.
     */
    static void merge(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode existing = target.get(f.getKey());
            JsonNode value = f.getValue();
            if (f.getKey().startsWith("$")) {
                throw new IllegalArgumentException("strategic-merge directive " + f.getKey() + " is not rendered here");
            } else if (value.isNull()) {
                target.remove(f.getKey());
            } else if (existing instanceof ObjectNode e && value instanceof ObjectNode v) {
                merge(e, v);
            } else if (existing instanceof ArrayNode e && value instanceof ArrayNode v && named(e) && named(v)) {
                for (JsonNode item : v) {
                    ObjectNode same = null;
                    for (JsonNode old : e) {
                        if (old.path("name").asText().equals(item.path("name").asText())) {
                            same = (ObjectNode) old;
                        }
                    }
                    if (same == null) {
                        e.add(item);
                    } else {
                        merge(same, (ObjectNode) item);
                    }
                }
            } else {
                target.set(f.getKey(), value);
            }
        }
    }

    private static boolean named(ArrayNode list) {
        for (JsonNode item : list) {
            if (!item.isObject() || !item.has("name")) {
                return false;
            }
        }
        return true;
    }

    private static int replaceImage(List<ObjectNode> resources, JsonNode image) {
        int replaced = 0;
        for (ObjectNode o : resources) {
            for (String containers : List.of("containers", "initContainers")) {
                for (JsonNode c : o.path("spec").path("template").path("spec").path(containers)) {
                    String current = c.path("image").asText();
                    int colon = current.lastIndexOf(':');
                    boolean tagged = colon > current.lastIndexOf('/');
                    String name = tagged ? current.substring(0, colon) : current;
                    String tag = tagged ? current.substring(colon + 1) : null;
                    if (name.equals(image.path("name").asText())) {
                        String newName = image.has("newName") ? image.path("newName").asText() : name;
                        String newTag = image.has("newTag") ? image.path("newTag").asText() : tag;
                        ((ObjectNode) c).put("image", newTag == null ? newName : newName + ":" + newTag);
                        replaced++;
                    }
                }
            }
        }
        return replaced;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
