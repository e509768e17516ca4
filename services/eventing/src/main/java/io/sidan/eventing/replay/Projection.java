package io.sidan.eventing.replay;

import java.sql.Connection;

import io.sidan.eventing.store.StoredEvent;

/**
 * A read model built from this service's own events. The command handlers apply it inline, in the
 * transaction of the append; {@link ProjectionRebuilder} rebuilds it from the store.
 */
public interface Projection {

    String name();

    /** Empties the read model's tables; lock them first so live writers wait for the rebuild. */
    void reset(Connection connection) throws Exception;

    void apply(Connection connection, StoredEvent event) throws Exception;

    /**
     * Called once after a rebuild replayed every event, in the same transaction: for a projection that
     * is cheaper to rebuild in bulk (reading whole streams a chunk at a time) than event by event.
     */
    default void finish(Connection connection) throws Exception {
    }
}
