package io.sidan.kit.eventing;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.sidan.eventing.replay.Projection;
import io.sidan.eventing.replay.ProjectionRebuilder;
import io.sidan.eventing.replay.ProjectionVersions;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.tx.OneAtATime;
import org.jboss.logging.Logger;

/**
 * On start, rebuilds from the store every projection whose tables were not filled by its current version
 * (docs/operations.md, "Rebuilding read models"): after an upgrade that adds or changes one, its report is
 * never empty or stale. In the background, so the service answers meanwhile (commands that touch the
 * projection wait for the rebuild, as with a rebuild by hand); with several instances, one does it.
 */
@ApplicationScoped
public class ProjectionVersionsOnStart {

    private static final Logger LOG = Logger.getLogger(ProjectionVersionsOnStart.class);
    private static final Duration REBUILD_TIME_LIMIT = Duration.ofHours(1);

    private final Instance<Projection> projections;
    private final JtaTransactions transactions;
    private final ProjectionRebuilder rebuilder;
    private final OneAtATime oneAtATime;

    public ProjectionVersionsOnStart(Instance<Projection> projections, JtaTransactions transactions, EventStore store,
                                     AgroalDataSource dataSource) {
        this.projections = projections;
        this.transactions = transactions;
        this.rebuilder = new ProjectionRebuilder(transactions.withTimeout(REBUILD_TIME_LIMIT), store);
        this.oneAtATime = new OneAtATime(dataSource);
    }

    // after the eventing tables exist (EventingRuntime starts at priority 10)
    void onStart(@Observes @Priority(20) StartupEvent event) {
        Thread.ofPlatform().name("projection-versions").daemon().start(() -> {
            try {
                oneAtATime.runIfFree("projection-versions", this::bringUpToDate);
            } catch (RuntimeException e) {
                LOG.errorf(e, "bringing the projections up to date failed; rebuild by hand (POST /api/admin/projections/{name}/rebuild)");
            }
        });
    }

    /** Rebuilds the stale projections now; what was rebuilt. */
    public List<ProjectionRebuilder.RebuildResult> bringUpToDate() {
        List<ProjectionRebuilder.RebuildResult> rebuilt = ProjectionVersions.bringUpToDate(transactions, rebuilder,
                projections.stream().toList());
        rebuilt.forEach(r -> LOG.infof("projection %s was not at its version: rebuilt from %d events in %d ms", r.projection(),
                r.events(), r.took().toMillis()));
        return rebuilt;
    }
}
