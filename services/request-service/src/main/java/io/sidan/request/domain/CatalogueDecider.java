package io.sidan.request.domain;

import java.util.List;

import io.sidan.contracts.events.CatalogueEvent;
import io.sidan.contracts.domain.Decider;
import io.sidan.contracts.domain.Rejection;

/**
 * Rules of the catalogue: a code is added once and changed only after it exists; a category's SLA
 * targets are consistent ({@link SlaRules}). The state is simply
 * whether the category's (or grid's) stream has events.
 */
public final class CatalogueDecider {

    private CatalogueDecider() {
    }

    /** This decider, for the command handler: the state is whether the category or grid exists. */
    public static final Decider<Boolean, CatalogueCommand, CatalogueEvent> DECIDER =
            Decider.of(false, CatalogueDecider::decide, (exists, event, at) -> true, CatalogueEvent.class);

    public static String streamOf(CatalogueCommand command) {
        return switch (command) {
            case CatalogueCommand.AddCategory c -> categoryStream(c.category().code());
            case CatalogueCommand.ChangeCategory c -> categoryStream(c.category().code());
            case CatalogueCommand.RegisterGrid c -> gridStream(c.grid().code());
            case CatalogueCommand.ChangeGrid c -> gridStream(c.grid().code());
        };
    }

    public static String categoryStream(String code) {
        return "category:" + code;
    }

    public static String gridStream(String code) {
        return "grid:" + code;
    }

    public static List<CatalogueEvent> decide(CatalogueCommand command, boolean exists) {
        return switch (command) {
            case CatalogueCommand.AddCategory c -> {
                SlaRules.require(c.category().sla());
                if (exists) {
                    throw new Rejection("Category " + c.category().code() + " already exists; change it instead.");
                }
                yield List.of(new CatalogueEvent.CategoryAdded(c.category()));
            }
            case CatalogueCommand.ChangeCategory c -> {
                SlaRules.require(c.category().sla());
                if (!exists) {
                    throw new Rejection("Category " + c.category().code() + " does not exist; add it first.");
                }
                yield List.of(new CatalogueEvent.CategoryChanged(c.category()));
            }
            case CatalogueCommand.RegisterGrid c -> {
                if (exists) {
                    throw new Rejection("Grid " + c.grid().code() + " already exists; change it instead.");
                }
                yield List.of(new CatalogueEvent.GridRegistered(c.grid()));
            }
            case CatalogueCommand.ChangeGrid c -> {
                if (!exists) {
                    throw new Rejection("Grid " + c.grid().code() + " does not exist; register it first.");
                }
                yield List.of(new CatalogueEvent.GridChanged(c.grid()));
            }
        };
    }
}
