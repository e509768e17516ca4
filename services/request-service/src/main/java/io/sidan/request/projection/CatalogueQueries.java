package io.sidan.request.projection;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.Category;
import io.sidan.contracts.events.Grid;
import io.sidan.eventing.tx.NotifiedCache;

/**
 * Reads of the catalogue, the grid registry and team names. The catalogue and the grids are read on
 * every submission and change rarely, so each instance keeps them in memory: its own changes drop the
 * copy when they commit ({@link #changed}), other instances' changes through the database's
 * notification (table triggers, migration V3), so a change is seen everywhere within moments.
 */
@ApplicationScoped
public class CatalogueQueries {

    /** The catalogue and the grids as the database had them, in display order. */
    private record Snapshot(Map<String, Category> categories, Map<String, Grid> grids) {
    }

    private final AgroalDataSource dataSource;
    private final NotifiedCache<Snapshot> snapshot;

    public CatalogueQueries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
        this.snapshot = new NotifiedCache<>(dataSource, "sidan_catalogue");
    }

    void listen(@Observes StartupEvent event) {
        snapshot.listen();
    }

    void stop(@Observes ShutdownEvent event) {
        snapshot.close();
    }

    /** Drops the copy in memory: the next read takes the database's. */
    public void changed() {
        snapshot.drop();
    }

    /** Categories in catalogue order, by code. */
    public Map<String, Category> categories(boolean includeInactive) {
        Map<String, Category> result = new LinkedHashMap<>();
        snapshot().categories().forEach((code, c) -> {
            if (includeInactive || c.active()) {
                result.put(code, c);
            }
        });
        return result;
    }

    public Optional<Category> category(String code) {
        return Optional.ofNullable(code == null ? null : snapshot().categories().get(code));
    }

    public List<Grid> grids(boolean includeInactive) {
        return snapshot().grids().values().stream().filter(g -> includeInactive || g.active()).toList();
    }

    public Optional<Grid> grid(String code) {
        return Optional.ofNullable(code == null ? null : snapshot().grids().get(code));
    }

    private Snapshot snapshot() {
        try {
            return snapshot.get(this::load);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the catalogue: " + e.getMessage(), e);
        }
    }

    private Snapshot load() throws SQLException {
        Map<String, Category> categories = new LinkedHashMap<>();
        Map<String, Grid> grids = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select code, definition from category_view order by sort_order")) {
                while (rs.next()) {
                    categories.put(rs.getString(1), parse(rs.getString(1), rs.getString(2)));
                }
            }
            try (ResultSet rs = s.executeQuery("select code, name, district, leader_name, leader_phone, active "
                    + "from grid_view order by code")) {
                while (rs.next()) {
                    grids.put(rs.getString(1), new Grid(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBoolean(6)));
                }
            }
        }
        return new Snapshot(Collections.unmodifiableMap(categories), Collections.unmodifiableMap(grids));
    }

    public Map<String, String> teamNames() {
        List<TeamName> rows = TeamName.listAll();
        return rows.stream().collect(Collectors.toMap(t -> t.teamId, t -> t.name));
    }

    public Optional<String> teamName(String teamId) {
        TeamName row = TeamName.findById(teamId);
        return row == null ? Optional.empty() : Optional.of(row.name);
    }

    private static Category parse(String code, String definition) {
        try {
            return EventJson.mapper().readValue(definition, Category.class);
        } catch (IOException e) {
            throw new IllegalStateException("category " + code + " has an unreadable definition", e);
        }
    }
}
