package io.sidan.request.projection;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.panache.common.Sort;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.Category;
import io.sidan.contracts.events.Grid;

/** Reads of the catalogue, the grid registry and team names. */
@ApplicationScoped
public class CatalogueQueries {

    /** Categories in catalogue order, by code. */
    public Map<String, Category> categories(boolean includeInactive) {
        List<CategoryView> rows = CategoryView.listAll(Sort.by("sortOrder"));
        Map<String, Category> result = new LinkedHashMap<>();
        for (CategoryView row : rows) {
            if (includeInactive || row.active) {
                result.put(row.code, parse(row));
            }
        }
        return result;
    }

    public Optional<Category> category(String code) {
        CategoryView row = code == null ? null : CategoryView.findById(code);
        return row == null ? Optional.empty() : Optional.of(parse(row));
    }

    public List<Grid> grids(boolean includeInactive) {
        List<GridView> rows = GridView.listAll(Sort.by("code"));
        return rows.stream().filter(g -> includeInactive || g.active).map(CatalogueQueries::toGrid).toList();
    }

    public Optional<Grid> grid(String code) {
        GridView row = code == null ? null : GridView.findById(code);
        return row == null ? Optional.empty() : Optional.of(toGrid(row));
    }

    public Map<String, String> teamNames() {
        List<TeamName> rows = TeamName.listAll();
        return rows.stream().collect(Collectors.toMap(t -> t.teamId, t -> t.name));
    }

    public Optional<String> teamName(String teamId) {
        TeamName row = TeamName.findById(teamId);
        return row == null ? Optional.empty() : Optional.of(row.name);
    }

    private static Grid toGrid(GridView g) {
        return new Grid(g.code, g.name, g.district, g.leaderName, g.leaderPhone, g.active);
    }

    private static Category parse(CategoryView row) {
        try {
            return EventJson.mapper().readValue(row.definition, Category.class);
        } catch (IOException e) {
            throw new IllegalStateException("category " + row.code + " has an unreadable definition", e);
        }
    }
}
