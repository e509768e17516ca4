package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.sidan.eventing.tx.ChangeListener;
import org.junit.jupiter.api.Test;

/** Another instance's commit reaches this one's callback through the database. */
class ChangeListenerTest {

    private final EventingFixture f = new EventingFixture();

    @Test
    void aNotifyFromAnotherConnectionRunsTheCallbackOnlyAfterItsCommit() throws Exception {
        AtomicInteger changes = new AtomicInteger();
        try (ChangeListener listener = new ChangeListener(f.dataSource, "test_changes", changes::incrementAndGet)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> f.count("select count(*) from pg_stat_activity "
                    + "where query like 'listen test_changes%'") >= 1);
            f.tx.inTransaction(c -> {
                try (var s = c.createStatement()) {
                    s.execute("select pg_notify('test_changes', '')");
                }
                Thread.sleep(500);
                assertThat(changes).as("nothing before the commit").hasValue(0);
                return null;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() == 1);
        }
    }
}
