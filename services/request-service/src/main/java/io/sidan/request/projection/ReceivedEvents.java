package io.sidan.request.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.eventing.store.CopyIn;

/**
 * The other services' events about each request, kept as they arrived (with their hashes), so the
 * request's timeline stays complete and verifiable without asking those services.
 */
@ApplicationScoped
public class ReceivedEvents {

    /** Keeps an event; false when it was kept before. */
    public boolean keep(Connection c, String requestId, EventEnvelope e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into received_events (event_id, request_id, source, stream_id, "
                + "stream_version, type, schema_version, payload, actor_role, actor_id, actor_name, correlation_id, "
                + "causation_id, occurred_at, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?::json, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (event_id) do nothing")) {
            s.setObject(1, e.eventId());
            s.setString(2, requestId);
            s.setString(3, e.source());
            s.setString(4, e.streamId());
            s.setLong(5, e.streamVersion());
            s.setString(6, e.type());
            s.setInt(7, e.schemaVersion());
            s.setString(8, e.payload());
            s.setString(9, e.actor().role());
            s.setString(10, e.actor().id());
            s.setString(11, e.actor().name());
            s.setString(12, e.correlationId());
            s.setString(13, e.causationId());
            s.setObject(14, OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC));
            s.setString(15, e.prevHash());
            s.setString(16, e.hash());
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Keeps many events not kept before at once, with one COPY (an imported history); each as {@link #keep}
     * would, with its request id.
     */
    public long importAll(Connection c, List<Map.Entry<String, EventEnvelope>> events) throws SQLException {
        List<Object[]> rows = new ArrayList<>(events.size());
        for (Map.Entry<String, EventEnvelope> kept : events) {
            EventEnvelope e = kept.getValue();
            rows.add(new Object[] {e.eventId(), kept.getKey(), e.source(), e.streamId(), e.streamVersion(), e.type(),
                    e.schemaVersion(), e.payload(), e.actor().role(), e.actor().id(), e.actor().name(), e.correlationId(),
                    e.causationId(), e.occurredAt(), e.prevHash(), e.hash()});
        }
        return CopyIn.rows(c, "received_events", List.of("event_id", "request_id", "source", "stream_id", "stream_version",
                "type", "schema_version", "payload", "actor_role", "actor_id", "actor_name", "correlation_id", "causation_id",
                "occurred_at", "prev_hash", "hash"), rows);
    }

    /** A request's received events, by source and stream, in stream order. */
    public List<EventEnvelope> forRequest(Connection c, String requestId) throws SQLException {
        return forRequests(c, List.of(requestId)).getOrDefault(requestId, List.of());
    }

    /** Several requests' received events (a chunk of a bulk rebuild), each as {@link #forRequest}, by request id. */
    public Map<String, List<EventEnvelope>> forRequests(Connection c, Collection<String> requestIds) throws SQLException {
        Map<String, List<EventEnvelope>> byRequest = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select * from received_events where request_id = any(?) "
                + "order by request_id, source, stream_id, stream_version")) {
            s.setArray(1, c.createArrayOf("varchar", requestIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    byRequest.computeIfAbsent(rs.getString("request_id"), id -> new ArrayList<>()).add(new EventEnvelope(
                            rs.getObject("event_id", UUID.class), rs.getString("source"),
                            rs.getString("type"), rs.getInt("schema_version"), rs.getString("stream_id"),
                            rs.getLong("stream_version"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                            new Actor(rs.getString("actor_role"), rs.getString("actor_id"), rs.getString("actor_name")),
                            rs.getString("correlation_id"), rs.getString("causation_id"), rs.getString("prev_hash"),
                            rs.getString("hash"), rs.getString("payload")));
                }
            }
        }
        return byRequest;
    }
}
