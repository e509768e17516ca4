package io.sidan.kit.privacy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.sidan.contracts.envelope.Actor;
import io.sidan.eventing.access.AccessEntry;
import io.sidan.eventing.access.AccessLog;
import io.sidan.eventing.tx.Transactions;

/**
 * Where a service records that someone other than the resident was shown the resident's unmasked contact
 * (the access log, {@link AccessLog}). Called in the transaction that reads the data, so the read and its
 * record commit together.
 */
@Singleton
public class PersonalDataReads {

    /** Purposes, as the access log shows them. */
    public static final String DISPATCH = "dispatch";
    public static final String SERVICE = "service";
    public static final String REVEAL = "reveal: ";

    private final AccessLog log;
    private final Transactions tx;

    public PersonalDataReads(Clock clock, Transactions tx) {
        this.log = new AccessLog(clock);
        this.tx = tx;
    }

    public void record(Connection c, Actor reader, String requestId, List<String> fields, String purpose) {
        try {
            log.record(c, reader, requestId, fields, purpose);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the read of " + requestId + "'s personal data", e);
        }
    }

    public AccessLog log() {
        return log;
    }

    /** Entries after sequence number {@code after}, oldest first, matching the conditions that are not null. */
    public List<AccessEntry> find(String requestId, String actorId, Instant from, Instant to, long after, int limit) {
        return tx.inTransaction(c -> log.find(c, requestId, actorId, from, to, after, limit));
    }

    /** The first entry whose hash does not follow from the chain before it, if any. */
    public Optional<AccessEntry> firstBroken() {
        return tx.inTransaction(log::firstBroken);
    }
}
