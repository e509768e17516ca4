package io.sidan.eventing.consumer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The events one consumer has handled ({@code processed_messages}): marking an event in the handler's
 * own transaction is what makes a redelivery a no-op.
 */
final class Inbox {

    private final String consumer;

    Inbox(String consumer) {
        this.consumer = consumer;
    }

    /** Marks the events in one statement; returns the ids that were not handled before. */
    Set<UUID> markNew(Connection c, List<UUID> eventIds) throws SQLException {
        Set<UUID> fresh = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("insert into processed_messages (consumer, event_id) "
                + "select ?, unnest(?::uuid[]) on conflict do nothing returning event_id")) {
            s.setString(1, consumer);
            s.setArray(2, c.createArrayOf("uuid", eventIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return fresh;
    }

    /** Marks one event; false when it was handled before. */
    boolean markNew(Connection c, UUID eventId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "insert into processed_messages (consumer, event_id) values (?, ?) on conflict do nothing")) {
            s.setString(1, consumer);
            s.setObject(2, eventId);
            return s.executeUpdate() == 1;
        }
    }

    /** Forgets everything handled, for a replay from the beginning. */
    void forgetAll(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from processed_messages where consumer = ?")) {
            s.setString(1, consumer);
            s.executeUpdate();
        }
    }
}
