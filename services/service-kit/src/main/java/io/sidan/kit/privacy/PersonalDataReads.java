package io.sidan.kit.privacy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

import jakarta.inject.Singleton;

import io.sidan.contracts.envelope.Actor;
import io.sidan.eventing.access.AccessLog;

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

    public PersonalDataReads(Clock clock) {
        this.log = new AccessLog(clock);
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
}
