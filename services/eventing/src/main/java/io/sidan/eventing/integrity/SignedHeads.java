package io.sidan.eventing.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import io.sidan.contracts.envelope.HashChain;
import io.sidan.contracts.integrity.MerkleTree;

/**
 * The stream heads the newest checkpoint signed ({@code checkpoint_head}), so the next checkpoint reads the
 * events recorded since instead of every head of the store: the heads are advanced by the new events and
 * the tree is hashed from this table, in its key's order. Written by the {@link Checkpointer} alone.
 */
final class SignedHeads {

    /** Which checkpoint the table holds the heads of, and when the store itself last gave a signed root. */
    record Mark(long sequence, Instant storeCheckedAt) {
    }

    private SignedHeads() {
    }

    static Optional<Mark> mark(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select sequence, store_checked_at from checkpoint_heads_of")) {
            return rs.next() ? Optional.of(new Mark(rs.getLong(1), rs.getTimestamp(2).toInstant())) : Optional.empty();
        }
    }

    static void mark(Connection c, Mark mark) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into checkpoint_heads_of (sequence, store_checked_at) values (?, ?) "
                + "on conflict (only_row) do update set sequence = excluded.sequence, store_checked_at = excluded.store_checked_at")) {
            s.setLong(1, mark.sequence());
            s.setTimestamp(2, Timestamp.from(mark.storeCheckedAt()));
            s.executeUpdate();
        }
    }

    /** Replaces the table with the heads the store gives as of a position: reads every event up to it. */
    static void fillFromStore(Connection c, long position) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("truncate checkpoint_head");
        }
        try (PreparedStatement s = c.prepareStatement("insert into checkpoint_head (stream_id, version, hash) " + Checkpointer.HEADS)) {
            s.setLong(1, position);
            s.executeUpdate();
        }
    }

    /**
     * Whether every stream with events in {@code (after, upTo]} goes on from the head the table holds for it
     * (or starts at version 1 from the chain's genesis when it has none): its first new event has the next
     * version and names that head's hash as its previous one. A stream re-hashed or cut back in the store
     * since the last checkpoint fails this as soon as it is appended to.
     */
    static boolean newEventsGoOnFromTheHeads(Connection c, long after, long upTo) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select exists (select 1 from "
                + "(select distinct on (stream_id) stream_id, version, prev_hash from event_store "
                + "where global_position > ? and global_position <= ? order by stream_id, version) first_new "
                + "left join checkpoint_head h on h.stream_id = first_new.stream_id collate \"C\" "
                + "where first_new.version <> coalesce(h.version, 0) + 1 or first_new.prev_hash <> coalesce(h.hash, ?))")) {
            s.setLong(1, after);
            s.setLong(2, upTo);
            s.setString(3, HashChain.GENESIS);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return !rs.getBoolean(1);
            }
        }
    }

    /** Moves the heads of the streams with events in {@code (after, upTo]} to their newest event up to {@code upTo}. */
    static void advance(Connection c, long after, long upTo) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into checkpoint_head (stream_id, version, hash) "
                + "select distinct on (stream_id) stream_id, version, hash from event_store "
                + "where global_position > ? and global_position <= ? order by stream_id, version desc "
                + "on conflict (stream_id) do update set version = excluded.version, hash = excluded.hash")) {
            s.setLong(1, after);
            s.setLong(2, upTo);
            s.executeUpdate();
        }
    }

    /** The Merkle tree over the table's heads, hashed as they stream from its key in the tree's order. */
    static MerkleTree tree(Connection c) throws SQLException {
        MerkleTree tree = new MerkleTree();
        try (PreparedStatement s = c.prepareStatement("select stream_id, version, hash from checkpoint_head order by stream_id")) {
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tree.addHead(rs.getString(1), rs.getLong(2), rs.getString(3));
                }
            }
        }
        return tree;
    }
}
