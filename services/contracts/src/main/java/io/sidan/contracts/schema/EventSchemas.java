package io.sidan.contracts.schema;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sidan.contracts.Topics;
import io.sidan.contracts.envelope.CloudEventsMapping;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.events.Nullable;
import io.sidan.contracts.events.SidanEvent;

/**
 * The published contract of the events: a JSON Schema (draft 2020-12) for the payload of every event
 * type, derived from the records themselves so it cannot drift from the code, and an AsyncAPI 3.0
 * document of the topics, their messages and the CloudEvents headers. Fields marked {@link Nullable}
 * may be absent; every other field is required. Unknown fields are allowed, so producers may add
 * fields without breaking consumers.
 */
public final class EventSchemas {

    public static final String SCHEMA_BASE = "https://sidan.io/schemas/events/";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EventSchemas() {
    }

    /** The file name of a type's schema, e.g. {@code request.submitted.v1.json}. */
    public static String fileName(String type, int version) {
        return type + ".v" + version + ".json";
    }

    public static ObjectNode schema(EventCatalogue<SidanEvent> catalogue, String type) {
        int version = catalogue.currentVersion(type);
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", SCHEMA_BASE + fileName(type, version));
        schema.put("title", type);
        schema.put("description", "Payload of the Sidan event " + type + ", schema version " + version
                + " (CloudEvents type " + type + ", extension schemaversion " + version + ").");
        schema.setAll(object(catalogue.classOf(type)));
        return schema;
    }

    /** The AsyncAPI 3.0 document: one channel per topic, one message per event type. */
    public static ObjectNode asyncApi(EventCatalogue<SidanEvent> catalogue) {
        ObjectNode doc = JSON.objectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Sidan (四单) events");
        info.put("version", "1");
        info.put("description", "Events of the request, dispatch and rating services on Kafka. Each record is a CloudEvent "
                + "1.0 in binary mode: the attributes and Sidan's extensions are ce_* headers, the JSON payload is the "
                + "value, the stream id is the key. Hash chain: see docs/architecture.md.");
        ObjectNode servers = doc.putObject("servers");
        ObjectNode local = servers.putObject("local");
        local.put("host", "localhost:9092");
        local.put("protocol", "kafka");
        local.put("description", "The broker of ./sidan up");
        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode components = doc.putObject("components");
        ObjectNode messages = components.putObject("messages");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("CloudEventHeaders", headers());
        for (String topic : Topics.ALL) {
            ObjectNode channel = channels.putObject(channelName(topic));
            channel.put("address", topic);
            ObjectNode channelMessages = channel.putObject("messages");
            for (String type : catalogue.types()) {
                if (!topicOf(catalogue, type).equals(topic)) {
                    continue;
                }
                String name = messageName(type);
                ObjectNode message = messages.putObject(name);
                message.put("name", type);
                message.put("title", type);
                message.put("contentType", CloudEventsMapping.JSON);
                message.putObject("headers").put("$ref", "#/components/schemas/CloudEventHeaders");
                ObjectNode payload = schema(catalogue, type);
                payload.remove("$schema");
                payload.remove("$id");
                schemas.set(name, payload);
                message.putObject("payload").put("$ref", "#/components/schemas/" + name);
                message.putObject("bindings").putObject("kafka").putObject("key").put("type", "string")
                        .put("description", "the stream id");
                channelMessages.putObject(name).put("$ref", "#/components/messages/" + name);
            }
            ObjectNode send = operations.putObject("publish-" + channelName(topic));
            send.put("action", "send");
            send.putObject("channel").put("$ref", "#/channels/" + channelName(topic));
            send.put("summary", topic.equals(Topics.INTEGRITY_EVENTS) ? "Published by every service through its transactional outbox"
                    : "Published by the " + topic.split("\\.")[1] + " side through its transactional outbox");
        }
        return doc;
    }

    private static ObjectNode headers() {
        ObjectNode h = JSON.objectNode();
        h.put("type", "object");
        ObjectNode p = h.putObject("properties");
        Map<String, String> descriptions = new java.util.LinkedHashMap<>();
        descriptions.put("ce_specversion", "1.0");
        descriptions.put("ce_id", "event id (UUID)");
        descriptions.put("ce_source", "the producing service, e.g. request-service");
        descriptions.put("ce_type", "the stable event type, e.g. case.accepted");
        descriptions.put("ce_subject", "the stream id (the request id for request-related streams)");
        descriptions.put("ce_time", "when the event was recorded (RFC 3339)");
        descriptions.put("content-type", "application/json");
        descriptions.put("ce_" + CloudEventsMapping.STREAM_VERSION, "position in the stream, from 1");
        descriptions.put("ce_" + CloudEventsMapping.SCHEMA_VERSION, "payload schema version");
        descriptions.put("ce_" + CloudEventsMapping.ACTOR, "who caused it, as role:id");
        descriptions.put("ce_" + CloudEventsMapping.ACTOR_NAME, "a display name of the actor");
        descriptions.put("ce_" + CloudEventsMapping.CORRELATION_ID, "the conversation it belongs to (optional)");
        descriptions.put("ce_" + CloudEventsMapping.CAUSATION_ID, "the event or command that caused it (optional)");
        descriptions.put("ce_" + CloudEventsMapping.PREV_HASH, "hash of the previous event of the stream");
        descriptions.put("ce_" + CloudEventsMapping.CHAIN_HASH, "this event's chain hash (SHA-256, hex)");
        descriptions.put("ce_" + CloudEventsMapping.TRACEPARENT, "the W3C trace context the event was recorded in "
                + "(CloudEvents distributed-tracing extension; optional, not covered by the chain hash)");
        descriptions.put("ce_" + CloudEventsMapping.TRACESTATE, "W3C tracestate that goes with ce_traceparent (optional)");
        descriptions.forEach((k, v) -> p.putObject(k).put("type", "string").put("description", v));
        ArrayNode required = h.putArray("required");
        for (String k : List.of("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time",
                "ce_" + CloudEventsMapping.STREAM_VERSION, "ce_" + CloudEventsMapping.SCHEMA_VERSION,
                "ce_" + CloudEventsMapping.ACTOR, "ce_" + CloudEventsMapping.PREV_HASH, "ce_" + CloudEventsMapping.CHAIN_HASH)) {
            required.add(k);
        }
        return h;
    }

    private static String topicOf(EventCatalogue<SidanEvent> catalogue, String type) {
        String family = catalogue.classOf(type).getInterfaces()[0].getSimpleName();
        return switch (family) {
            case "RequestEvent", "CatalogueEvent", "CalendarEvent", "ErasureEvent" -> Topics.REQUEST_EVENTS;
            case "CaseEvent" -> Topics.DISPATCH_EVENTS;
            case "TeamEvent" -> Topics.TEAM_EVENTS;
            case "RatingEvent" -> Topics.RATING_EVENTS;
            case "IntegrityEvent" -> Topics.INTEGRITY_EVENTS;
            default -> throw new IllegalStateException("no topic for " + family);
        };
    }

    private static String channelName(String topic) {
        return topic.replace('.', '-');
    }

    private static String messageName(String type) {
        StringBuilder b = new StringBuilder();
        for (String part : type.split("[.-]")) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    private static ObjectNode object(Class<?> record) {
        ObjectNode o = JSON.objectNode();
        o.put("type", "object");
        ObjectNode properties = o.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        RecordComponent[] components = record.getRecordComponents();
        Arrays.sort(components, (a, b) -> a.getName().compareTo(b.getName())); // as the JSON is written
        for (RecordComponent c : components) {
            properties.set(c.getName(), of(c.getGenericType()));
            if (!c.isAnnotationPresent(Nullable.class)) {
                required.add(c.getName());
            }
        }
        if (!required.isEmpty()) {
            o.set("required", required);
        }
        o.put("additionalProperties", true);
        return o;
    }

    private static ObjectNode of(Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                ObjectNode array = JSON.objectNode().put("type", "array");
                array.set("items", of(p.getActualTypeArguments()[0]));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = JSON.objectNode().put("type", "object");
                Type key = p.getActualTypeArguments()[0];
                if (key instanceof Class<?> k && k.isEnum()) {
                    map.set("propertyNames", enumeration(k));
                }
                map.set("additionalProperties", of(p.getActualTypeArguments()[1]));
                return map;
            }
            throw new IllegalStateException("no schema for " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return JSON.objectNode().put("type", "string");
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            return JSON.objectNode().put("type", "integer");
        }
        if (c == double.class || c == Double.class) {
            return JSON.objectNode().put("type", "number");
        }
        if (c == boolean.class || c == Boolean.class) {
            return JSON.objectNode().put("type", "boolean");
        }
        if (c == Instant.class) {
            return JSON.objectNode().put("type", "string").put("format", "date-time");
        }
        if (c == LocalDate.class) {
            return JSON.objectNode().put("type", "string").put("format", "date");
        }
        if (c == LocalTime.class) { // a time of day in the centre's zone, "09:00" (JSON Schema's "time" wants an offset)
            return JSON.objectNode().put("type", "string").put("pattern", "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$");
        }
        if (c.isEnum()) {
            return enumeration(c);
        }
        if (c.isRecord()) {
            return object(c);
        }
        throw new IllegalStateException("no schema for " + c);
    }

    private static ObjectNode enumeration(Class<?> e) {
        ObjectNode node = JSON.objectNode().put("type", "string");
        ArrayNode values = node.putArray("enum");
        for (Object constant : e.getEnumConstants()) {
            values.add(((Enum<?>) constant).name());
        }
        return node;
    }
}
