package io.sidan.contracts.envelope;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sidan.contracts.events.EventType;
import io.sidan.contracts.events.SidanEvent;

/**
 * Every event type Sidan knows, found by walking the sealed {@link SidanEvent} hierarchy: the sealed
 * families are the catalogue, so a new record cannot be forgotten here. Maps records to their stable
 * names and JSON and back, upcasting old schema versions on the way in.
 *
 * @param <E> the root of the sealed hierarchy ({@link SidanEvent} for Sidan's own events)
 */
public final class EventCatalogue<E> {

    private static final EventCatalogue<SidanEvent> STANDARD = new EventCatalogue<>(SidanEvent.class, Map.of());

    private final Class<E> root;
    private final Map<String, Class<? extends E>> classesByType;
    private final Map<Class<?>, EventType> typesByClass;
    private final Map<UpcastKey, Upcaster> upcasters;
    private final ObjectMapper json = EventJson.mapper();

    private EventCatalogue(Class<E> root, Map<UpcastKey, Upcaster> upcasters) {
        this.root = root;
        Map<String, Class<? extends E>> byType = new LinkedHashMap<>();
        Map<Class<?>, EventType> byClass = new HashMap<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Class<?> c = todo.removeFirst();
            if (c.isSealed()) {
                Collections.addAll(todo, c.getPermittedSubclasses());
                continue;
            }
            EventType type = c.getAnnotation(EventType.class);
            if (type == null) {
                throw new IllegalStateException(c.getName() + " is an event without @EventType");
            }
            Class<? extends E> eventClass = c.asSubclass(root);
            if (byType.put(type.name(), eventClass) != null) {
                throw new IllegalStateException("two events are named " + type.name());
            }
            byClass.put(c, type);
        }
        this.classesByType = Collections.unmodifiableMap(byType);
        this.typesByClass = Collections.unmodifiableMap(byClass);
        this.upcasters = Map.copyOf(upcasters);
    }

    /** The catalogue of every Sidan event type, without upcasters. */
    public static EventCatalogue<SidanEvent> standard() {
        return STANDARD;
    }

    /** The catalogue of another sealed hierarchy (used to test the mechanism itself). */
    public static <T> EventCatalogue<T> of(Class<T> root) {
        if (!root.isSealed()) {
            throw new IllegalArgumentException(root.getName() + " is not sealed");
        }
        return new EventCatalogue<>(root, Map.of());
    }

    /** A copy with one more upcaster, from {@code fromVersion} of {@code type} to the next version. */
    public EventCatalogue<E> withUpcaster(String type, int fromVersion, Upcaster upcaster) {
        if (!classesByType.containsKey(type)) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        if (fromVersion < 1 || fromVersion >= currentVersion(type)) {
            throw new IllegalArgumentException(type + " has no schema version after " + fromVersion);
        }
        Map<UpcastKey, Upcaster> more = new HashMap<>(upcasters);
        more.put(new UpcastKey(type, fromVersion), upcaster);
        return new EventCatalogue<>(root, more);
    }

    /** The stable type names, in catalogue order. */
    public Set<String> types() {
        return classesByType.keySet();
    }

    public Class<? extends E> classOf(String type) {
        Class<? extends E> c = classesByType.get(type);
        if (c == null) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        return c;
    }

    public boolean knows(String type) {
        return classesByType.containsKey(type);
    }

    public String typeOf(E event) {
        return annotation(event.getClass()).name();
    }

    /** The stable type names of an event class, or of every event class under a sealed family. */
    public Set<String> typesOf(Class<? extends E> eventClass) {
        Set<String> names = new java.util.TreeSet<>();
        classesByType.forEach((type, c) -> {
            if (eventClass.isAssignableFrom(c)) {
                names.add(type);
            }
        });
        if (names.isEmpty()) {
            throw new IllegalArgumentException(eventClass + " is no event of this catalogue");
        }
        return names;
    }

    public int currentVersion(String type) {
        return annotation(classOf(type)).version();
    }

    public int versionOf(E event) {
        return annotation(event.getClass()).version();
    }

    /** The canonical JSON of an event's payload. */
    public String toJson(E event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + typeOf(event), e);
        }
    }

    /**
     * Reads a payload of the given type and schema version as the current record, upcasting as needed.
     * An unknown type gives an empty result (a consumer skips what it does not know); a known type
     * whose payload cannot be read raises {@link UnknownEventException}.
     */
    public Optional<E> decode(String type, int schemaVersion, String payload) {
        Class<? extends E> eventClass = classesByType.get(type);
        if (eventClass == null) {
            return Optional.empty();
        }
        int current = annotation(eventClass).version();
        if (schemaVersion > current) {
            throw new UnknownEventException(type + " schema version " + schemaVersion
                    + " is newer than this service knows (" + current + ")");
        }
        try {
            if (schemaVersion == current) { // the usual case: straight into the record, without a tree in between
                E event = json.readValue(payload, eventClass);
                if (event == null) {
                    throw new UnknownEventException(type + " payload is empty");
                }
                return Optional.of(event);
            }
            JsonNode node = json.readTree(payload);
            if (!(node instanceof ObjectNode object)) {
                throw new UnknownEventException(type + " payload is not a JSON object");
            }
            for (int v = schemaVersion; v < current; v++) {
                Upcaster upcaster = upcasters.get(new UpcastKey(type, v));
                if (upcaster == null) {
                    throw new UnknownEventException("no upcaster for " + type + " from schema version " + v);
                }
                object = upcaster.upcast(object);
            }
            E event = json.treeToValue(object, eventClass);
            if (event == null) {
                throw new UnknownEventException(type + " payload is empty");
            }
            return Optional.of(event);
        } catch (JsonProcessingException e) {
            throw new UnknownEventException("cannot read " + type + " v" + schemaVersion + ": " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UnknownEventException("cannot read " + type + " v" + schemaVersion + ": " + e.getMessage(), e);
        }
    }

    /** Reads the payload of an envelope. */
    public Optional<E> decode(EventEnvelope envelope) {
        return decode(envelope.type(), envelope.schemaVersion(), envelope.payload());
    }

    private EventType annotation(Class<?> c) {
        EventType type = typesByClass.get(c);
        if (type == null) {
            throw new IllegalArgumentException(c.getName() + " is not in the event catalogue");
        }
        return type;
    }

    private record UpcastKey(String type, int fromVersion) {
    }
}
