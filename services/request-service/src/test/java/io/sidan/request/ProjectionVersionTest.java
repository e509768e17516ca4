package io.sidan.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.sidan.eventing.replay.ProjectionRebuilder;
import io.sidan.kit.eventing.ProjectionVersionsOnStart;
import io.sidan.testing.Sql;
import org.junit.jupiter.api.Test;

/**
 * The defect issue 18 names: an installation upgraded to the release that added the audit projection
 * showed empty reports for every request before it. Given requests and no audit rows nor recorded
 * versions (what such an installation has), when the service starts, then the audit rows are there.
 */
@QuarkusTest
class ProjectionVersionTest {

    @Inject
    AgroalDataSource db;

    @Inject
    ProjectionVersionsOnStart versions;

    @Test
    void anUpgradedInstallationGetsItsNewProjectionFilledFromTheStoreOnStart() {
        // this start found nothing recorded (a fresh database) and recorded every projection's version
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Sql.count(db, "select count(*) from projection_version where name in ('request-view', 'catalogue')") == 2);
        String id = Fixtures.submitted();
        assertThat(Sql.count(db, "select count(*) from audit_request where request_id = ?", id)).isEqualTo(1);

        Sql.execute(db, "delete from audit_request");
        Sql.execute(db, "delete from projection_version where name = 'request-view'");

        assertThat(versions.bringUpToDate()).extracting(ProjectionRebuilder.RebuildResult::projection).containsExactly("request-view");
        assertThat(Sql.count(db, "select count(*) from audit_request where request_id = ?", id)).isEqualTo(1);
        assertThat(Sql.count(db, "select count(*) from audit_request")).isEqualTo(Sql.count(db, "select count(*) from request_view"));
        assertThat(versions.bringUpToDate()).as("the next start").isEmpty();
    }
}
