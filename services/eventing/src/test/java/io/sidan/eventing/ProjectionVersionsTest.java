package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

import io.sidan.eventing.replay.Projection;
import io.sidan.eventing.replay.ProjectionRebuilder;
import io.sidan.eventing.replay.ProjectionVersions;
import io.sidan.eventing.store.StoredEvent;
import org.junit.jupiter.api.Test;

/**
 * An installation upgraded to a release whose projection is new or changed shows the projection filled
 * from the store after the start, not empty: given events and an empty (or older) read model, when the
 * versions are brought up to date, then it is rebuilt once and its version recorded.
 */
class ProjectionVersionsTest {

    private final EventingFixture f = new EventingFixture();
    private final ProjectionRebuilder rebuilder = new ProjectionRebuilder(f.tx, f.store);

    /** Events per stream, at a version of its rules. */
    private Projection countingAtVersion(int version) {
        return new Projection() {
            @Override
            public String name() {
                return "event-count";
            }

            @Override
            public int version() {
                return version;
            }

            @Override
            public List<String> tables() {
                return List.of("event_count");
            }

            @Override
            public void apply(Connection c, StoredEvent e) throws Exception {
                try (PreparedStatement s = c.prepareStatement("insert into event_count (stream_id, events) values (?, 1) "
                        + "on conflict (stream_id) do update set events = event_count.events + 1")) {
                    s.setString(1, e.envelope().streamId());
                    s.executeUpdate();
                }
            }
        };
    }

    private List<ProjectionRebuilder.RebuildResult> bringUpToDate(Projection p) {
        return ProjectionVersions.bringUpToDate(f.tx, rebuilder, List.of(p));
    }

    @Test
    void aProjectionNewToAnInstallationIsFilledOnceAndAChangedOneAgain() {
        for (int i = 0; i < 30; i++) {
            f.appendNext("s-" + (i % 4), "event " + i);
        }
        // the release that adds the projection: its table is there (a migration) but empty
        f.sql("create table event_count (stream_id text primary key, events int not null)");

        List<ProjectionRebuilder.RebuildResult> first = bringUpToDate(countingAtVersion(1));
        assertThat(first).singleElement().satisfies(r -> assertThat(r.events()).isEqualTo(30));
        assertThat(f.count("select sum(events) from event_count")).isEqualTo(30);
        assertThat(f.count("select version from projection_version where name = 'event-count'")).isEqualTo(1);

        assertThat(bringUpToDate(countingAtVersion(1))).as("the next start: nothing to do").isEmpty();

        f.sql("update event_count set events = 0"); // rows an older rule made
        assertThat(bringUpToDate(countingAtVersion(2))).hasSize(1);
        assertThat(f.count("select sum(events) from event_count")).isEqualTo(30);
        assertThat(f.count("select version from projection_version where name = 'event-count'")).isEqualTo(2);
    }
}
