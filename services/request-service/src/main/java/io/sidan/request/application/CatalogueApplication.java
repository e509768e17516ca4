package io.sidan.request.application;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.OptionalLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.runtime.StartupEvent;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.Category;
import io.sidan.contracts.events.CatalogueEvent;
import io.sidan.contracts.events.Grid;
import io.sidan.contracts.domain.Rejection;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.store.ConcurrencyConflict;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.tx.Transactions;
import io.sidan.request.config.RequestConfig;
import io.sidan.request.domain.CatalogueCommand;
import io.sidan.request.domain.CatalogueDecider;
import io.sidan.request.projection.CatalogueProjection;
import io.sidan.request.projection.CatalogueQueries;
import io.sidan.request.projection.CategoryView;
import io.sidan.request.projection.GridView;
import org.jboss.logging.Logger;

/**
 * Command handling for the catalogue and the grid registry, and their seed: the catalogue of the
 * civilization-practice centres on first start, and the demo grids when configured.
 */
@ApplicationScoped
public class CatalogueApplication {

    private static final Logger LOG = Logger.getLogger(CatalogueApplication.class);

    private final Transactions tx;
    private final EventStore store;
    private final CommandHandler<Boolean, CatalogueCommand, CatalogueEvent> entries;
    private final CatalogueProjection projection;
    private final CatalogueQueries queries;
    private final RequestConfig config;

    public CatalogueApplication(Transactions tx, EventStore store, CatalogueProjection projection, CatalogueQueries queries,
                                RequestConfig config) {
        this.tx = tx;
        this.store = store;
        this.entries = new CommandHandler<>(store, CatalogueDecider.DECIDER);
        this.queries = queries;
        this.projection = projection;
        this.config = config;
    }

    public void execute(CatalogueCommand command, EventMetadata metadata) {
        tx.inTransaction(c -> {
            var outcome = entries.handle(c, CatalogueDecider.streamOf(command), exists -> command, metadata, OptionalLong.empty());
            for (CommandHandler.Appended<CatalogueEvent> a : outcome.appended()) {
                projection.apply(a.event(), a.envelope());
            }
            return null;
        });
        queries.changed(); // this instance reads its own change at once; the others hear of it from the database
    }

    void seed(@Observes @Priority(20) StartupEvent event) {
        EventMetadata seeder = EventMetadata.by(Actor.system(store.source()));
        if (tx.inTransaction(c -> CategoryView.count()) == 0) {
            List<Category> categories = read("seed/catalogue.json", new TypeReference<>() {
            });
            categories.forEach(category -> seedOne(new CatalogueCommand.AddCategory(category), seeder));
            LOG.infof("seeded the catalogue with %d categories", categories.size());
        }
        if (config.seedDemoGrids() && tx.inTransaction(c -> GridView.count()) == 0) {
            List<Grid> grids = read("seed/demo-grids.json", new TypeReference<>() {
            });
            grids.forEach(grid -> seedOne(new CatalogueCommand.RegisterGrid(grid), seeder));
            LOG.infof("registered %d demo grids", grids.size());
        }
    }

    private void seedOne(CatalogueCommand command, EventMetadata metadata) {
        try {
            execute(command, metadata);
        } catch (Rejection | ConcurrencyConflict e) {
            // another instance seeded it first
        }
    }

    private static <T> T read(String resource, TypeReference<T> type) {
        try (InputStream in = CatalogueApplication.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return EventJson.mapper().readValue(in, type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
