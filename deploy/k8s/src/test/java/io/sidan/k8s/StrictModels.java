package io.sidan.k8s;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Parses resources into the real Java models (fabric8's Kubernetes model, Strimzi's), then walks what
 * was parsed for fields the model did not know. Both models keep unknown fields in
 * {@code additionalProperties} instead of failing, so without the walk a typo such as {@code replcas}
 * would parse as if it were fine.
 */
final class StrictModels {

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static final Map<String, Class<? extends KubernetesResource>> STRIMZI = Map.of(
            "kafka.strimzi.io/v1/Kafka", Kafka.class,
            "kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class);

    private StrictModels() {
    }

    /** True when a Java model exists for the resource's apiVersion and kind (else a schema must check it). */
    static boolean modelled(JsonNode resource) {
        return STRIMZI.containsKey(key(resource)) || !(parse(resource) instanceof GenericKubernetesResource);
    }

    /** The resource as its model object: Strimzi's class, or whatever fabric8 maps the apiVersion and kind to. */
    static Object parse(JsonNode resource) {
        try {
            Class<? extends KubernetesResource> strimzi = STRIMZI.get(key(resource));
            if (strimzi != null) {
                return KUBERNETES.convertValue(resource, strimzi);
            }
            return KUBERNETES.unmarshal(resource.toString());
        } catch (Exception e) {
            throw new IllegalArgumentException(Kustomize.id(resource) + " does not parse: " + e.getMessage(), e);
        }
    }

    /** The paths of every field the model kept aside as unknown. */
    static List<String> unknownFields(Object model, String path) {
        List<String> found = new ArrayList<>();
        walk(model, path, found, 0);
        return found;
    }

    private static void walk(Object value, String path, List<String> found, int depth) {
        if (value == null || depth > 40 || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || value instanceof JsonNode) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", found, depth + 1);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found, depth + 1));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method m : value.getClass().getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = m.getName();
            try {
                if (name.equals("getAdditionalProperties")) {
                    Map<?, ?> extra = (Map<?, ?>) m.invoke(value);
                    if (extra != null) {
                        extra.keySet().forEach(k -> found.add(path + "." + k));
                    }
                } else if (name.startsWith("get") && name.length() > 3 && !m.getReturnType().isPrimitive()) {
                    walk(m.invoke(value), path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4), found, depth + 1);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a computed getter (a CRD name, a plural) that has nothing to do with the parsed fields
            }
        }
    }

    private static String key(JsonNode resource) {
        return resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
    }
}
