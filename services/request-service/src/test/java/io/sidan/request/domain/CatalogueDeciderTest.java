package io.sidan.request.domain;

import io.sidan.contracts.events.CatalogueEvent;
import io.sidan.contracts.events.Grid;
import io.sidan.testing.DeciderSpec;
import org.junit.jupiter.api.Test;

/** The catalogue's rules (CatalogueDecider): a code is added once and changed only after it exists. */
class CatalogueDeciderTest {

    static final DeciderSpec<Boolean, CatalogueCommand, CatalogueEvent> CATALOGUE = DeciderSpec.of(CatalogueDecider.DECIDER);
    static final Grid GRID = new Grid("G-1", "和平里一网格", "东城区", "刘组长", "13800000000", true);

    @Test
    void aCategoryIsAddedOnceAndChangedOnlyAfterwards() {
        var category = SubmissionRulesTest.ELDERLY_CARE;
        CATALOGUE.given().when(new CatalogueCommand.AddCategory(category)).thenEmits(new CatalogueEvent.CategoryAdded(category));
        CATALOGUE.given(new CatalogueEvent.CategoryAdded(category)).when(new CatalogueCommand.AddCategory(category))
                .thenRejects("already exists");
        CATALOGUE.given(new CatalogueEvent.CategoryAdded(category)).when(new CatalogueCommand.ChangeCategory(category))
                .thenEmits(new CatalogueEvent.CategoryChanged(category));
        CATALOGUE.given().when(new CatalogueCommand.ChangeCategory(category)).thenRejects("does not exist; add it first");
    }

    @Test
    void aGridIsRegisteredOnceAndChangedOnlyAfterwards() {
        CATALOGUE.given().when(new CatalogueCommand.RegisterGrid(GRID)).thenEmits(new CatalogueEvent.GridRegistered(GRID));
        CATALOGUE.given(new CatalogueEvent.GridRegistered(GRID)).when(new CatalogueCommand.RegisterGrid(GRID))
                .thenRejects("already exists");
        CATALOGUE.given(new CatalogueEvent.GridRegistered(GRID)).when(new CatalogueCommand.ChangeGrid(GRID))
                .thenEmits(new CatalogueEvent.GridChanged(GRID));
        CATALOGUE.given().when(new CatalogueCommand.ChangeGrid(GRID)).thenRejects("register it first");
    }
}
