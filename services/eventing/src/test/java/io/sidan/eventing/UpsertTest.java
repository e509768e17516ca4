package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.sidan.eventing.replay.Upsert;
import io.sidan.testing.Postgres;
import io.sidan.testing.SharedInfrastructure;
import org.junit.jupiter.api.Test;

/** A read-model row written whole: inserted the first time, every column replaced afterwards. */
class UpsertTest {

    private enum Phase { OPEN, DONE }

    private final Upsert row = new Upsert("demo_view", List.of("id", "phase", "score", "changed_at"));

    @Test
    void writesTheRowThenReplacesEveryColumnIncludingWithNulls() throws Exception {
        DataSource ds = database();
        Instant at = Instant.parse("2026-11-23T08:00:00Z");
        try (Connection c = ds.getConnection()) {
            row.write(c, "a", Phase.OPEN, 4.5, at);
            row.write(c, "b", Phase.OPEN, null, null);
            assertThat(read(c, "a")).isEqualTo("OPEN|4.5|" + at);

            row.write(c, "a", Phase.DONE, null, at.plusSeconds(60));

            assertThat(read(c, "a")).isEqualTo("DONE|null|" + at.plusSeconds(60));
            assertThat(read(c, "b")).isEqualTo("OPEN|null|null");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from demo_view")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void copiesManyNewRowsAsWriteWouldWriteThem() throws Exception {
        DataSource ds = database();
        Instant at = Instant.parse("2026-11-23T08:00:00.123456Z");
        String awkward = "a \"quoted\", comma\nand a new line, 中文";
        try (Connection c = ds.getConnection()) {
            row.copyAll(c, List.of(new Object[] {awkward, Phase.DONE, null, at}, new Object[] {"", Phase.OPEN, 2.5, null}));
            row.copyAll(c, List.of());

            assertThat(read(c, awkward)).isEqualTo("DONE|null|" + at);
            assertThat(read(c, "")).as("an empty text is not a null").isEqualTo("OPEN|2.5|null");
            assertThatThrownBy(() -> row.copyAll(c, List.<Object[]>of(new Object[] {"c"})))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void copiesManyThousandRowsAndNullsOfEveryType() throws Exception {
        DataSource ds = database();
        Instant at = Instant.parse("2026-11-23T08:00:00Z");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(new Object[] {"r" + i, Phase.OPEN, null, null});
        }
        rows.set(19_999, new Object[] {"r19999", Phase.DONE, 9.5, at});
        try (Connection c = ds.getConnection()) {
            row.copyAll(c, rows);

            assertThat(read(c, "r0")).isEqualTo("OPEN|null|null");
            assertThat(read(c, "r19999")).isEqualTo("DONE|9.5|" + at);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from demo_view")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(20_000);
            }
        }
    }

    @Test
    void refusesAValueCountThatDoesNotMatchTheColumns() throws Exception {
        try (Connection c = database().getConnection()) {
            assertThatThrownBy(() -> row.write(c, "a", Phase.OPEN)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2 values for 4 columns");
        }
    }

    private static DataSource database() throws Exception {
        Postgres pg = SharedInfrastructure.postgres();
        String db = "upsert_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        pg.createDatabase(db);
        DataSource ds = pg.dataSource(db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table demo_view (id varchar(100) primary key, phase varchar(10) not null, "
                    + "score double precision, changed_at timestamptz)");
        }
        return ds;
    }

    private static String read(Connection c, String id) throws Exception {
        try (PreparedStatement s = c.prepareStatement("select phase, score, changed_at from demo_view where id = ?")) {
            s.setString(1, id);
            ResultSet rs = s.executeQuery();
            assertThat(rs.next()).as("row " + id).isTrue();
            OffsetDateTime changed = rs.getObject(3, OffsetDateTime.class);
            return rs.getString(1) + "|" + rs.getObject(2) + "|" + (changed == null ? null : changed.toInstant());
        }
    }
}
