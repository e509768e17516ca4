package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.sidan.contracts.events.RequestEvent;
import io.sidan.eventing.replay.Projection;
import io.sidan.eventing.replay.ProjectionRebuilder;
import io.sidan.eventing.store.AppendResult;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;
import org.junit.jupiter.api.Test;

class ProjectionRebuilderTest {

    private final EventingFixture f = new EventingFixture();

    /** Per stream: how many events and the last reason; a typical inline read model. */
    private final Projection lastReason = new Projection() {
        @Override
        public String name() {
            return "last-reason";
        }

        @Override
        public void reset(Connection c) throws Exception {
            try (Statement s = c.createStatement()) {
                s.execute("lock table last_reason in access exclusive mode");
                s.execute("delete from last_reason");
            }
        }

        @Override
        public void apply(Connection c, StoredEvent e) throws Exception {
            String reason = f.store.catalogue().decode(e.envelope()).map(ev -> switch (ev) {
                case RequestEvent.Cancelled x -> x.reason();
                case RequestEvent.Reopened x -> x.reason();
                default -> "?";
            }).orElse("?");
            try (PreparedStatement s = c.prepareStatement("insert into last_reason (stream_id, events, reason) values (?, 1, ?) "
                    + "on conflict (stream_id) do update set events = last_reason.events + 1, reason = excluded.reason")) {
                s.setString(1, e.envelope().streamId());
                s.setString(2, reason);
                s.executeUpdate();
            }
        }
    };

    @Test
    void aRebuiltProjectionEqualsTheLiveOne() throws Exception {
        f.sql("create table last_reason (stream_id text primary key, events int not null, reason text not null)");
        for (int i = 0; i < 300; i++) {
            String stream = "s-" + (i % 17);
            f.tx.inTransaction(c -> {
                AppendResult r = f.store.append(c, stream, f.store.currentVersion(c, stream),
                        List.of(new RequestEvent.Reopened(stream, "reason " + System.nanoTime(), 1)),
                        EventMetadata.by(EventingFixture.TESTER));
                for (var e : r.appended()) {
                    lastReason.apply(c, new StoredEvent(0, f.topic, e)); // inline, as a command handler does
                }
                return null;
            });
        }
        List<String> live = snapshot();
        f.sql("update last_reason set events = 0, reason = 'corrupted'"); // the read model drifted

        ProjectionRebuilder.RebuildResult result = new ProjectionRebuilder(f.tx, f.store).rebuild(lastReason);

        assertThat(result.events()).isEqualTo(300);
        assertThat(snapshot()).hasSize(17).isEqualTo(live);
    }

    @Test
    void aProjectionThatReplaysInBulkReadsTheStoreItselfInTheRebuildsTransaction() throws Exception {
        f.sql("create table bulk_total (total int not null)");
        for (int i = 0; i < 5; i++) {
            f.append("bulk-" + i, 0, List.of(new RequestEvent.Cancelled("bulk-" + i, "r")));
        }
        long stored = f.count("select count(*) from event_store");
        List<Long> seenAtReplay = new ArrayList<>();
        Projection bulk = new Projection() {
            @Override
            public String name() {
                return "bulk";
            }

            @Override
            public void reset(Connection c) throws Exception {
                try (Statement s = c.createStatement()) {
                    s.execute("delete from bulk_total");
                }
            }

            @Override
            public long replay(Connection c, EventStore store) throws Exception {
                try (Statement s = c.createStatement()) {
                    // the reset of this same transaction is visible: the table is empty here
                    try (ResultSet rs = s.executeQuery("select count(*) from bulk_total")) {
                        rs.next();
                        seenAtReplay.add(rs.getLong(1));
                    }
                    s.execute("insert into bulk_total select count(*) from event_store");
                }
                return stored;
            }
        };
        f.sql("insert into bulk_total values (-1)");

        ProjectionRebuilder.RebuildResult result = new ProjectionRebuilder(f.tx, f.store).rebuild(bulk);

        assertThat(result.events()).isEqualTo(stored);
        assertThat(seenAtReplay).containsExactly(0L);
        assertThat(f.count("select total from bulk_total")).isEqualTo(stored);
    }

    @Test
    void aReplayThatFailsLeavesTheOldModelInPlaceAndNamesTheEvent() throws Exception {
        f.sql("create table failing_total (total int not null)");
        f.sql("insert into failing_total values (42)");
        f.append("failing-1", 0, List.of(new RequestEvent.Cancelled("failing-1", "r")));
        Projection failing = new Projection() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public void reset(Connection c) throws Exception {
                try (Statement s = c.createStatement()) {
                    s.execute("delete from failing_total");
                }
            }

            @Override
            public void apply(Connection c, StoredEvent e) throws Exception {
                throw new java.sql.SQLException("broken");
            }
        };

        assertThatThrownBy(() -> new ProjectionRebuilder(f.tx, f.store).rebuild(failing))
                .hasStackTraceContaining("rebuilding failing failed at event").hasStackTraceContaining("broken");
        assertThat(f.count("select total from failing_total")).isEqualTo(42);
    }

    private List<String> snapshot() {
        return f.tx.inTransaction(c -> {
            List<String> rows = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select stream_id, events, reason from last_reason order by stream_id")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "|" + rs.getInt(2) + "|" + rs.getString(3));
                }
            }
            return rows;
        });
    }
}
