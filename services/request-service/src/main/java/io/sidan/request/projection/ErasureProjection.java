package io.sidan.request.projection;

import java.sql.Connection;
import java.sql.SQLException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.ErasureEvent;
import io.sidan.eventing.replay.Projection;
import io.sidan.eventing.replay.Upsert;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;

/** Keeps {@link ErasureView}: each erasure request's row, written whole from its stream. */
@ApplicationScoped
public class ErasureProjection implements Projection {

    private static final Upsert ROW = new Upsert("erasure_view", List.of("erasure_id", "resident_id", "request_id", "reason",
            "status", "requested_by", "requested_by_role", "requested_at", "decided_by", "decided_at", "decision_reason",
            "erased_requests", "stream_version"));
    private static final int CHUNK = 500;

    private final EventStore store;

    public ErasureProjection(EventStore store) {
        this.store = store;
    }

    /** Writes the row of one erasure request from its whole stream. */
    public void refresh(Connection c, List<StoredEvent> stream) throws SQLException {
        Object[] row = row(stream);
        if (row != null) {
            ROW.write(c, row);
        }
    }

    private Object[] row(List<StoredEvent> stream) {
        Object[] row = null;
        for (StoredEvent stored : stream) {
            EventEnvelope envelope = stored.envelope();
            if (!(store.catalogue().decode(envelope).orElse(null) instanceof ErasureEvent event)) {
                continue;
            }
            switch (event) {
                case ErasureEvent.Requested e -> row = new Object[] {e.erasureId(), e.residentId(), e.requestId(), e.reason(),
                        "PENDING", envelope.actor().id(), envelope.actor().role(), envelope.occurredAt(), null, null, null, null, 0L};
                case ErasureEvent.Approved e -> {
                    row[4] = "APPROVED";
                    decided(row, envelope);
                    row[11] = String.join(",", e.requestIds());
                }
                case ErasureEvent.Rejected e -> {
                    row[4] = "REJECTED";
                    decided(row, envelope);
                    row[10] = e.reason();
                }
            }
            row[12] = envelope.streamVersion();
        }
        return row;
    }

    private static void decided(Object[] row, EventEnvelope envelope) {
        row[8] = envelope.actor().id();
        row[9] = envelope.occurredAt();
    }

    @Override
    public String name() {
        return "erasures";
    }

    @Override
    public List<String> tables() {
        return List.of("erasure_view");
    }

    /** Its replay writes each row once: the keys are built after it. */
    @Override
    public boolean replayNeedsKeys() {
        return false;
    }

    @Override
    public long replay(Connection c, EventStore events) throws SQLException {
        return events.forEachChunkOfStreams(c, "erasure.requested", CHUNK, (ids, streams) -> rewrite(c, ids, streams));
    }

    private void rewrite(Connection c, List<String> ids, Map<String, List<StoredEvent>> streams) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (String id : ids) {
            Object[] row = row(streams.getOrDefault(id, List.of()));
            if (row != null) {
                rows.add(row);
            }
        }
        ROW.copyAll(c, rows);
    }
}
