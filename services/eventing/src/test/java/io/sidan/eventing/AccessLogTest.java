package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.HashChain;
import io.sidan.eventing.access.AccessEntry;
import io.sidan.eventing.access.AccessLog;
import org.junit.jupiter.api.Test;

class AccessLogTest {

    private static final Actor DISPATCHER = new Actor("dispatcher", "d-1", "调度员");
    private static final Actor ADMIN = new Actor("admin", "a-1", "管理员");

    private final EventingFixture f = new EventingFixture();
    private final AccessLog log = new AccessLog(Clock.fixed(Instant.parse("2026-11-30T16:00:00.123456789Z"), ZoneOffset.UTC));

    private AccessEntry record(Actor actor, String request, String purpose) {
        return f.tx.inTransaction(c -> log.record(c, actor, request, List.of("contactPhone", "address"), purpose));
    }

    private List<AccessEntry> find(String request, String actor, Instant from, Instant to, long afterSeq, int limit) {
        return f.tx.inTransaction(c -> log.find(c, request, actor, from, to, afterSeq, limit));
    }

    private Optional<AccessEntry> firstBroken() {
        return f.tx.inTransaction(c -> log.firstBroken(c));
    }

    @Test
    void concurrentReadsAreLoggedAsOneUnbrokenChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<AccessEntry>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String request = "r-" + (i % 5);
                all.add(pool.submit(() -> record(DISPATCHER, request, "dispatch")));
            }
            for (Future<AccessEntry> e : all) {
                e.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(f.count("select count(*) from personal_data_access")).isEqualTo(80);
        assertThat(f.count("select max(seq) from personal_data_access")).isEqualTo(80);
        assertThat(firstBroken()).isEmpty();
        AccessEntry first = find(null, null, null, null, 0, 1).getFirst();
        assertThat(first.prevHash()).isEqualTo(HashChain.GENESIS);
        assertThat(first.at()).isEqualTo(Instant.parse("2026-11-30T16:00:00.123456Z"));
        assertThat(first.fields()).containsExactly("contactPhone", "address");
    }

    @Test
    void entriesCanBeFoundByRequestActorAndTime() {
        record(DISPATCHER, "r-1", "dispatch");
        record(ADMIN, "r-1", "reveal: 居民投诉核实");
        record(DISPATCHER, "r-2", "dispatch");
        assertThat(find("r-1", null, null, null, 0, 10))
                .extracting(AccessEntry::purpose).containsExactly("dispatch", "reveal: 居民投诉核实");
        assertThat(find(null, "a-1", null, null, 0, 10))
                .extracting(AccessEntry::requestId).containsExactly("r-1");
        assertThat(find(null, null, Instant.parse("2026-11-30T16:00:01Z"), null, 0, 10)).isEmpty();
        assertThat(find(null, null, null, null, 1, 1))
                .extracting(AccessEntry::seq).containsExactly(2L);
    }

    @Test
    void theLogRefusesChangesAndAChangeMadeAroundThatBreaksTheChain() {
        record(DISPATCHER, "r-1", "dispatch");
        record(DISPATCHER, "r-2", "dispatch");
        record(DISPATCHER, "r-3", "dispatch");
        assertThatThrownBy(() -> f.sql("update personal_data_access set purpose = 'x' where seq = 2")).hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> f.sql("delete from personal_data_access where seq = 3")).hasStackTraceContaining("append-only");
        assertThat(f.count("select count(*) from personal_data_access")).isEqualTo(3);

        // a database administrator turns the guard off and covers a read up
        f.sql("alter table personal_data_access disable trigger personal_data_access_append_only");
        f.sql("update personal_data_access set request_id = 'r-9' where seq = 2");
        assertThat(firstBroken()).get().extracting(AccessEntry::seq).isEqualTo(2L);
        f.sql("update personal_data_access set request_id = 'r-2' where seq = 2");
        f.sql("delete from personal_data_access where seq = 2");
        assertThat(firstBroken()).get().extracting(AccessEntry::seq).isEqualTo(3L);
    }
}
