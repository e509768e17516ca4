package io.sidan.eventing.access;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.HashChain;

/**
 * The access log of personal data (table {@code personal_data_access}, eventing migration V4): appended in
 * the transaction of the read it records, so a read that cannot be logged does not happen. Entries form
 * one hash chain per database; appends take a transaction-scoped advisory lock so the chain never forks.
 *
 * <p>An entry's hash is SHA-256 over the compact JSON array {@code ["sidan-access/1", seq, at, actorRole,
 * actorId, actorName, requestId, fields joined by ",", purpose, prevHash]} ({@code at} in ISO-8601 UTC,
 * microseconds), lowercase hex; the first entry's {@code prevHash} is 64 zeros.
 */
public final class AccessLog {

    private static final long LOCK_KEY = "sidan-personal-data-access".hashCode();
    private static final JsonFactory JSON = new JsonFactory();

    private final Clock clock;

    public AccessLog(Clock clock) {
        this.clock = clock;
    }

    /** Records one read, in the caller's transaction. */
    public AccessEntry record(Connection c, Actor actor, String requestId, List<String> fields, String purpose) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK_KEY);
            lock.execute();
        }
        long seq = 1;
        String prev = HashChain.GENESIS;
        try (PreparedStatement s = c.prepareStatement("select seq, hash from personal_data_access order by seq desc limit 1");
             ResultSet rs = s.executeQuery()) {
            if (rs.next()) {
                seq = rs.getLong(1) + 1;
                prev = rs.getString(2);
            }
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
        AccessEntry entry = new AccessEntry(seq, at, actor.role(), actor.id(), actor.name(), requestId, List.copyOf(fields),
                purpose, prev, null).hashed();
        try (PreparedStatement s = c.prepareStatement("insert into personal_data_access (seq, at, actor_role, actor_id, "
                + "actor_name, request_id, fields, purpose, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, entry.seq());
            s.setObject(2, OffsetDateTime.ofInstant(entry.at(), ZoneOffset.UTC));
            s.setString(3, entry.actorRole());
            s.setString(4, entry.actorId());
            s.setString(5, entry.actorName());
            s.setString(6, entry.requestId());
            s.setString(7, String.join(",", entry.fields()));
            s.setString(8, entry.purpose());
            s.setString(9, entry.prevHash());
            s.setString(10, entry.hash());
            s.executeUpdate();
        }
        return entry;
    }

    /**
     * Entries matching every given filter (null = any), oldest first, after {@code afterSeq}, at most {@code limit}.
     *
     * @param to exclusive
     */
    public List<AccessEntry> find(Connection c, String requestId, String actorId, Instant from, Instant to, long afterSeq,
                                  int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("select seq, at, actor_role, actor_id, actor_name, request_id, fields, purpose, "
                + "prev_hash, hash from personal_data_access where seq > ?");
        List<Object> params = new ArrayList<>();
        params.add(afterSeq);
        if (requestId != null) {
            sql.append(" and request_id = ?");
            params.add(requestId);
        }
        if (actorId != null) {
            sql.append(" and actor_id = ?");
            params.add(actorId);
        }
        if (from != null) {
            sql.append(" and at >= ?");
            params.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        }
        if (to != null) {
            sql.append(" and at < ?");
            params.add(OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        }
        sql.append(" order by seq limit ?");
        params.add(limit);
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                List<AccessEntry> entries = new ArrayList<>();
                while (rs.next()) {
                    entries.add(entryOf(rs));
                }
                return entries;
            }
        }
    }

    /** Walks the whole chain; the first entry whose hash or link is wrong, if any. */
    public Optional<AccessEntry> firstBroken(Connection c) throws SQLException {
        String prev = HashChain.GENESIS;
        long expectedSeq = 1;
        try (PreparedStatement s = c.prepareStatement("select seq, at, actor_role, actor_id, actor_name, request_id, fields, "
                + "purpose, prev_hash, hash from personal_data_access order by seq")) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    AccessEntry e = entryOf(rs);
                    if (e.seq() != expectedSeq || !e.prevHash().equals(prev) || !e.hash().equals(hash(e))) {
                        return Optional.of(e);
                    }
                    prev = e.hash();
                    expectedSeq++;
                }
            }
        }
        return Optional.empty();
    }

    /** The hash of an entry, from all its fields but {@code hash} itself. */
    public static String hash(AccessEntry e) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            g.writeString("sidan-access/1");
            g.writeNumber(e.seq());
            g.writeString(DateTimeFormatter.ISO_INSTANT.format(e.at()));
            g.writeString(e.actorRole());
            g.writeString(e.actorId());
            g.writeString(e.actorName());
            g.writeString(e.requestId());
            g.writeString(String.join(",", e.fields()));
            g.writeString(e.purpose());
            g.writeString(e.prevHash());
            g.writeEndArray();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }

    private static AccessEntry entryOf(ResultSet rs) throws SQLException {
        return new AccessEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Arrays.asList(rs.getString(7).split(",")), rs.getString(8), rs.getString(9), rs.getString(10));
    }
}
