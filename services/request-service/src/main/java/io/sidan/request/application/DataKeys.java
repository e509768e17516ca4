package io.sidan.request.application;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import io.sidan.contracts.privacy.MasterKey;
import io.sidan.contracts.privacy.SealedFields.DataKey;
import io.sidan.eventing.tx.Transactions;

/**
 * The data keys of requests' personal fields, one per request, kept wrapped by the master key in
 * {@code data_key} with the resident they belong to. The request service is their only keeper: the
 * dispatch service asks for them (wrapped) by request id. Deleting a key is the erasure. Started with the
 * service, so a missing master key stops it at once rather than at the first submission.
 */
@Startup
@ApplicationScoped
public class DataKeys {

    private final MasterKey master;
    private final Transactions tx;

    public DataKeys(MasterKey master, Transactions tx) {
        this.master = master;
        this.tx = tx;
    }

    /** {@link #wrapped(Connection, Collection)} in a transaction of its own: what another service is given. */
    public Map<String, String> wrapped(Collection<String> requestIds) {
        return tx.inTransaction(c -> wrapped(c, requestIds));
    }

    /** A new key for a request of {@code subject} (the resident's account id; null for a caller without one). */
    public DataKey create(Connection c, String requestId, String subject, Instant now) throws SQLException {
        DataKey key = DataKey.generate(requestId);
        try (PreparedStatement s = c.prepareStatement(
                "insert into data_key (key_id, subject, wrapped, created_at) values (?, ?, ?, ?)")) {
            s.setString(1, requestId);
            s.setString(2, subject);
            s.setString(3, master.wrap(key));
            s.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            s.executeUpdate();
        }
        return key;
    }

    /** The keys of these requests that still exist (an erased request has none). */
    public Map<String, DataKey> find(Connection c, Collection<String> requestIds) throws SQLException {
        Map<String, DataKey> keys = new HashMap<>();
        wrapped(c, requestIds).forEach((id, wrapped) -> keys.put(id, master.unwrap(id, wrapped)));
        return keys;
    }

    public Optional<DataKey> find(Connection c, String requestId) throws SQLException {
        return Optional.ofNullable(find(c, java.util.List.of(requestId)).get(requestId));
    }

    /** The keys as stored, wrapped by the master key: what another service holding the master key is given. */
    public Map<String, String> wrapped(Connection c, Collection<String> requestIds) throws SQLException {
        Map<String, String> wrapped = new HashMap<>();
        if (requestIds.isEmpty()) {
            return wrapped;
        }
        try (PreparedStatement s = c.prepareStatement("select key_id, wrapped from data_key where key_id = any (?)")) {
            Array ids = c.createArrayOf("varchar", requestIds.toArray());
            s.setArray(1, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    wrapped.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return wrapped;
    }

    /** Deletes a request's key: from now on its sealed fields read as erased, wherever they are. */
    public void erase(Connection c, String requestId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from data_key where key_id = ?")) {
            s.setString(1, requestId);
            s.executeUpdate();
        }
    }
}
