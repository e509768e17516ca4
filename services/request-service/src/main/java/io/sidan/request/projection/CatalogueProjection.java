package io.sidan.request.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.Category;
import io.sidan.contracts.events.CatalogueEvent;
import io.sidan.contracts.events.Grid;
import io.sidan.eventing.replay.Projection;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;

/** Keeps {@link CategoryView} and {@link GridView} as the catalogue events define them. */
@ApplicationScoped
public class CatalogueProjection implements Projection {

    private final EventStore store;
    private final Clock clock;

    public CatalogueProjection(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void apply(CatalogueEvent event, EventEnvelope envelope) {
        Instant now = clock.instant();
        switch (event) {
            case CatalogueEvent.CategoryAdded e -> category(e.category(), envelope.streamVersion(), now);
            case CatalogueEvent.CategoryChanged e -> category(e.category(), envelope.streamVersion(), now);
            case CatalogueEvent.GridRegistered e -> grid(e.grid(), envelope.streamVersion(), now);
            case CatalogueEvent.GridChanged e -> grid(e.grid(), envelope.streamVersion(), now);
        }
    }

    private static void category(Category category, long version, Instant now) {
        CategoryView v = CategoryView.findById(category.code());
        boolean isNew = v == null;
        if (isNew) {
            v = new CategoryView();
            v.code = category.code();
            v.sortOrder = (int) CategoryView.count() + 1;
        }
        try {
            v.definition = EventJson.mapper().writeValueAsString(category);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        v.active = category.active();
        v.streamVersion = version;
        v.updatedAt = now;
        if (isNew) {
            v.persist();
        }
    }

    private static void grid(Grid grid, long version, Instant now) {
        GridView v = GridView.findById(grid.code());
        boolean isNew = v == null;
        if (isNew) {
            v = new GridView();
            v.code = grid.code();
        }
        v.name = grid.name();
        v.district = grid.district();
        v.leaderName = grid.leaderName();
        v.leaderPhone = grid.leaderPhone();
        v.active = grid.active();
        v.streamVersion = version;
        v.updatedAt = now;
        if (isNew) {
            v.persist();
        }
    }

    @Override
    public String name() {
        return "catalogue";
    }

    @Override
    public List<String> tables() {
        return List.of("category_view", "grid_view");
    }

    /** Every instance drops its copy of the catalogue (the tables' triggers do so on every other change). */
    @Override
    public void rebuilt(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("select pg_notify('sidan_catalogue', '')");
        }
    }

    /** Only the catalogue's streams (each category's and grid's), in global order. */
    @Override
    public long replay(Connection c, EventStore events) throws SQLException {
        return events.forEachInStreamsBegunBy(c, List.of("catalogue.category-added", "catalogue.grid-registered"),
                event -> apply(c, event));
    }

    @Override
    public void apply(Connection c, StoredEvent event) {
        if (store.catalogue().decode(event.envelope()).orElse(null) instanceof CatalogueEvent e) {
            apply(e, event.envelope());
            CategoryView.getEntityManager().flush(); // the next event may count or find these rows
        }
    }
}
