package io.sidan.contracts.events;

/**
 * Changes to the service catalogue and the grid registry, produced by the request service (stream id
 * {@code category:<code>} or {@code grid:<code>}). Each event carries the whole new definition.
 */
public sealed interface CatalogueEvent extends SidanEvent {

    @EventType(name = "catalogue.category-added")
    record CategoryAdded(Category category) implements CatalogueEvent {
    }

    @EventType(name = "catalogue.category-changed")
    record CategoryChanged(Category category) implements CatalogueEvent {
    }

    @EventType(name = "catalogue.grid-registered")
    record GridRegistered(Grid grid) implements CatalogueEvent {
    }

    @EventType(name = "catalogue.grid-changed")
    record GridChanged(Grid grid) implements CatalogueEvent {
    }
}
