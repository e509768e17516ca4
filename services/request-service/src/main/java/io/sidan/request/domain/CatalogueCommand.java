package io.sidan.request.domain;

import io.sidan.contracts.events.Category;
import io.sidan.contracts.events.Grid;

/** Admin changes to the service catalogue and the grid registry. */
public sealed interface CatalogueCommand {

    record AddCategory(Category category) implements CatalogueCommand {
    }

    record ChangeCategory(Category category) implements CatalogueCommand {
    }

    record RegisterGrid(Grid grid) implements CatalogueCommand {
    }

    record ChangeGrid(Grid grid) implements CatalogueCommand {
    }
}
