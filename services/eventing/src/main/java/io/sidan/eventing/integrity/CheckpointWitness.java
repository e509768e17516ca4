package io.sidan.eventing.integrity;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sidan.contracts.events.IntegrityEvent.CheckpointSigned;
import io.sidan.contracts.integrity.CheckpointSignatures;

/**
 * Keeps every service's checkpoints as they arrive and raises an alarm for each that does not follow
 * from the last one of its service: a signature that does not hold, a number out of turn (checkpoints
 * removed from the signer's database, or lost), a second checkpoint of one number, one that does not
 * name its predecessor, or one whose signer found its own store changed. Idempotent: a redelivered
 * checkpoint is recognised and passed over.
 */
public final class CheckpointWitness {

    /** An alarm raised on a checkpoint. */
    public record Alarm(long id, String service, long sequence, Instant foundAt, String problem) {
    }

    private final Map<String, PublicKey> trustedKeys;
    private final Clock clock;

    /** @param trustedKeys each service's public key, as its operator published it */
    public CheckpointWitness(Map<String, PublicKey> trustedKeys, Clock clock) {
        this.trustedKeys = Map.copyOf(trustedKeys);
        this.clock = clock;
    }

    /** Keeps a received checkpoint; returns the alarms it raised (already recorded). */
    public List<String> receive(Connection c, CheckpointSigned cp) throws SQLException {
        List<String> problems = new ArrayList<>();
        PublicKey key = trustedKeys.get(cp.service());
        Optional<CheckpointSigned> same = find(c, cp.service(), cp.sequence());
        if (same.isPresent()) {
            if (!CheckpointSignatures.digest(same.get()).equals(CheckpointSignatures.digest(cp))) {
                problems.add(cp.service() + " signed two different checkpoints #" + cp.sequence());
            }
            return alarm(c, cp, problems); // else a redelivery
        }
        if (key == null) {
            problems.add("no trusted key for " + cp.service() + ": its checkpoint #" + cp.sequence() + " cannot be checked");
        } else if (!CheckpointSignatures.verify(cp, key)) {
            problems.add("checkpoint #" + cp.sequence() + " of " + cp.service() + " is not signed by its key: forged or changed");
            return alarm(c, cp, problems); // not kept: it is not the service's
        }
        Optional<CheckpointSigned> last = latest(c, cp.service());
        if (last.isEmpty() && cp.sequence() != 1) {
            problems.add("the first checkpoint received from " + cp.service() + " is #" + cp.sequence());
        } else if (last.isPresent() && cp.sequence() <= last.get().sequence()) {
            problems.add(cp.service() + "'s checkpoint #" + cp.sequence() + " follows #" + last.get().sequence()
                    + ": its earlier checkpoints were removed from its database");
        } else if (last.isPresent() && cp.sequence() != last.get().sequence() + 1) {
            problems.add("checkpoints #" + (last.get().sequence() + 1) + " to #" + (cp.sequence() - 1) + " of " + cp.service()
                    + " never arrived");
        } else if (last.isPresent() && !cp.previous().equals(CheckpointSignatures.digest(last.get()))) {
            problems.add(cp.service() + "'s checkpoint #" + cp.sequence() + " does not name the #" + last.get().sequence()
                    + " received before it");
        }
        if (!cp.previousHolds()) {
            problems.add(cp.service() + " found its store no longer gives checkpoint #" + (cp.sequence() - 1)
                    + ": events it covered were changed or removed");
        }
        if (last.isEmpty() || cp.sequence() > last.get().sequence()) {
            keep(c, cp);
        }
        return alarm(c, cp, problems);
    }

    /** The checkpoints kept, of one service or (null) of all, oldest first. */
    public static List<CheckpointSigned> witnessed(Connection c, String service) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select * from witnessed_checkpoint where ? is null or service = ? "
                + "order by service, sequence")) {
            s.setString(1, service);
            s.setString(2, service);
            return read(s);
        }
    }

    /** The alarms raised, newest first, up to a limit. */
    public static List<Alarm> alarms(Connection c, int limit) throws SQLException {
        List<Alarm> list = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select id, service, sequence, found_at, problem from integrity_alarm "
                + "order by id desc limit ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    list.add(new Alarm(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant(), rs.getString(5)));
                }
            }
        }
        return list;
    }

    private List<String> alarm(Connection c, CheckpointSigned cp, List<String> problems) throws SQLException {
        if (problems.isEmpty()) {
            return problems;
        }
        try (PreparedStatement s = c.prepareStatement("insert into integrity_alarm (service, sequence, found_at, problem) "
                + "values (?, ?, ?, ?)")) {
            for (String p : problems) {
                s.setString(1, cp.service());
                s.setLong(2, cp.sequence());
                s.setTimestamp(3, Timestamp.from(clock.instant()));
                s.setString(4, p);
                s.addBatch();
            }
            s.executeBatch();
        }
        return problems;
    }

    private static void keep(Connection c, CheckpointSigned cp) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into witnessed_checkpoint (service, sequence, position, streams, "
                + "events, root, previous, previous_holds, signed_at, key_id, signature, access_log_seq, access_log_hash) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, cp.service());
            s.setLong(2, cp.sequence());
            s.setLong(3, cp.position());
            s.setLong(4, cp.streams());
            s.setLong(5, cp.events());
            s.setString(6, cp.root());
            s.setString(7, cp.previous());
            s.setBoolean(8, cp.previousHolds());
            s.setTimestamp(9, Timestamp.from(cp.signedAt()));
            s.setString(10, cp.keyId());
            s.setString(11, cp.signature());
            s.setObject(12, cp.accessLogSeq());
            s.setString(13, cp.accessLogHash());
            s.executeUpdate();
        }
    }

    private static Optional<CheckpointSigned> find(Connection c, String service, long sequence) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select * from witnessed_checkpoint where service = ? and sequence = ?")) {
            s.setString(1, service);
            s.setLong(2, sequence);
            return read(s).stream().findFirst();
        }
    }

    private static Optional<CheckpointSigned> latest(Connection c, String service) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select * from witnessed_checkpoint where service = ? "
                + "order by sequence desc limit 1")) {
            s.setString(1, service);
            return read(s).stream().findFirst();
        }
    }

    private static List<CheckpointSigned> read(PreparedStatement s) throws SQLException {
        List<CheckpointSigned> list = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                list.add(new CheckpointSigned(rs.getString("service"), rs.getLong("sequence"), rs.getLong("position"),
                        rs.getLong("streams"), rs.getLong("events"), rs.getString("root"), rs.getString("previous"),
                        rs.getBoolean("previous_holds"), rs.getTimestamp("signed_at").toInstant(), rs.getString("key_id"),
                        rs.getString("signature"), rs.getObject("access_log_seq", Long.class), rs.getString("access_log_hash")));
            }
        }
        return list;
    }
}
