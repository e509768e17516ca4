package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
        public List<String> tables() {
            return List.of("last_reason");
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
            public List<String> tables() {
                return List.of("bulk_total");
            }

            @Override
            public long replay(Connection c, EventStore store) throws Exception {
                try (Statement s = c.createStatement()) {
                    // the replay fills an empty copy of the table
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
            public List<String> tables() {
                return List.of("failing_total");
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

    @Test
    void readersGoOnReadingTheOldRowsWhileWritersWaitForTheRebuild() throws Exception {
        f.sql("create table slow_total (id int primary key, total int not null)");
        f.sql("insert into slow_total values (1, 7)");
        f.append("slow-1", 0, List.of(new RequestEvent.Cancelled("slow-1", "r")));
        CountDownLatch replaying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Projection slow = new Projection() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public List<String> tables() {
                return List.of("slow_total");
            }

            @Override
            public long replay(Connection c, EventStore store) throws Exception {
                try (Statement s = c.createStatement()) {
                    s.execute("insert into slow_total values (1, 99)");
                }
                replaying.countDown();
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                return 1;
            }
        };
        CompletableFuture<ProjectionRebuilder.RebuildResult> rebuild = CompletableFuture.supplyAsync(
                () -> new ProjectionRebuilder(f.tx, f.store).rebuild(slow));
        assertThat(replaying.await(30, TimeUnit.SECONDS)).isTrue();

        // a reader is not held up (a second at most) and sees the old row; a writer has to wait
        int seen = f.tx.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("set local lock_timeout = '1s'");
                try (ResultSet rs = s.executeQuery("select total from slow_total where id = 1")) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        assertThat(seen).isEqualTo(7);
        assertThatThrownBy(() -> f.sql("set lock_timeout = '300ms'; update slow_total set total = 8 where id = 1"))
                .hasStackTraceContaining("lock timeout");

        release.countDown();
        assertThat(rebuild.get(30, TimeUnit.SECONDS).events()).isEqualTo(1);
        assertThat(f.count("select total from slow_total where id = 1")).isEqualTo(99);
    }

    @Test
    void theRebuiltTablesKeepTheirKeysIndexesChecksTriggersAndSettings() throws Exception {
        f.sql("create table kept (id text primary key, code text not null unique, n int not null check (n >= 0), "
                + "note text default 'none') with (autovacuum_vacuum_threshold = 123)");
        f.sql("create index kept_n_ix on kept (n desc) where note is not null");
        f.sql("create table kept_changes (id text)");
        f.sql("create function kept_changed() returns trigger language plpgsql as $$ begin "
                + "insert into kept_changes values (new.id); return null; end $$");
        f.sql("create trigger kept_changed after insert on kept for each row execute function kept_changed()");
        f.sql("insert into kept (id, code, n) values ('old', 'c-old', 1)");
        f.append("kept-1", 0, List.of(new RequestEvent.Cancelled("kept-1", "r")));
        List<String> before = definitions("kept");
        Projection kept = new Projection() {
            @Override
            public String name() {
                return "kept";
            }

            @Override
            public List<String> tables() {
                return List.of("kept");
            }

            @Override
            public void apply(Connection c, StoredEvent e) throws Exception {
                try (PreparedStatement s = c.prepareStatement("insert into kept (id, code, n) values (?, ?, 2) "
                        + "on conflict (id) do update set n = kept.n + 1")) { // the key is there while it is filled
                    s.setString(1, e.envelope().streamId());
                    s.setString(2, "c-" + e.envelope().streamId());
                    s.executeUpdate();
                    s.executeUpdate();
                }
            }
        };

        new ProjectionRebuilder(f.tx, f.store).rebuild(kept);

        assertThat(definitions("kept")).isEqualTo(before);
        assertThat(f.count("select count(*) from kept_changes")).as("the rebuild fires no trigger").isEqualTo(1);
        assertThat(f.count("select n from kept where id = 'kept-1'")).isEqualTo(3);
        assertThat(f.count("select count(*) from kept where note = 'none'")).as("defaults kept").isEqualTo(1);
        f.sql("insert into kept (id, code, n) values ('new', 'c-new', 5)");
        assertThat(f.count("select count(*) from kept_changes where id = 'new'")).as("the trigger is on the new table").isEqualTo(1);
        assertThatThrownBy(() -> f.sql("insert into kept (id, code, n) values ('neg', 'c-neg', -1)")).hasStackTraceContaining("check");
        assertThatThrownBy(() -> f.sql("insert into kept (id, code, n) values ('dup', 'c-new', 1)")).hasStackTraceContaining("kept_code_key");
        assertThat(f.count("select count(*) from pg_tables where schemaname = 'projection_rebuild'")).as("nothing left behind").isZero();
    }

    @Test
    void aReplayThatWritesEachRowOnceFillsACopyWithoutKeysAndTheKeysAreBuiltAfter() throws Exception {
        f.sql("create table bulk_rows (id text primary key, code text not null unique, n int not null)");
        f.sql("create index bulk_rows_n_ix on bulk_rows (n)");
        f.sql("insert into bulk_rows values ('old', 'c-old', 1)");
        List<String> before = definitions("bulk_rows");
        List<Long> keysWhileFilled = new ArrayList<>();
        Projection bulk = new Projection() {
            @Override
            public String name() {
                return "bulk-rows";
            }

            @Override
            public List<String> tables() {
                return List.of("bulk_rows");
            }

            @Override
            public boolean replayNeedsKeys() {
                return false;
            }

            @Override
            public long replay(Connection c, EventStore store) throws Exception {
                try (Statement s = c.createStatement()) {
                    try (ResultSet rs = s.executeQuery("select count(*) from pg_index where indrelid = 'bulk_rows'::regclass")) {
                        rs.next();
                        keysWhileFilled.add(rs.getLong(1));
                    }
                    s.execute("insert into bulk_rows select 'r' || i, 'c' || i, i from generate_series(1, 1000) i");
                }
                return 1000;
            }
        };

        new ProjectionRebuilder(f.tx, f.store).rebuild(bulk);

        assertThat(keysWhileFilled).as("no index on the copy while it is filled").containsExactly(0L);
        assertThat(definitions("bulk_rows")).isEqualTo(before);
        assertThat(f.count("select count(*) from bulk_rows")).isEqualTo(1000);
        assertThatThrownBy(() -> f.sql("insert into bulk_rows values ('r1', 'x', 0)")).hasStackTraceContaining("bulk_rows_pkey");
    }

    /** How a table is defined: its columns, constraints, indexes, triggers and storage settings. */
    private List<String> definitions(String table) {
        return f.tx.inTransaction(c -> {
            List<String> rows = new ArrayList<>();
            for (String sql : List.of(
                    "select column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') "
                            + "from information_schema.columns where table_schema = current_schema() and table_name = ? order by ordinal_position",
                    "select conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where conrelid = ?::regclass order by conname",
                    "select pg_get_indexdef(indexrelid) from pg_index where indrelid = ?::regclass order by 1",
                    "select pg_get_triggerdef(oid) from pg_trigger where tgrelid = ?::regclass and not tgisinternal order by tgname",
                    "select coalesce(array_to_string(reloptions, ','), '') from pg_class where oid = ?::regclass")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, table);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            rows.add(rs.getString(1));
                        }
                    }
                }
            }
            return rows;
        });
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
