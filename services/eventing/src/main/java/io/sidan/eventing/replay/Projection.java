package io.sidan.eventing.replay;

import java.sql.Connection;
import java.util.List;

import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;

/**
 * A read model built from this service's own events. The command handlers apply it inline, in the
 * transaction of the append; {@link ProjectionRebuilder} rebuilds it from the store into fresh copies of
 * its {@link #tables()} and swaps them in.
 */
public interface Projection {

    String name();

    /**
     * The version of this projection's tables and rules. Raise it with any change that makes the rows
     * already there wrong or incomplete (a new column filled from events, a new rule): the next start
     * rebuilds the projection from the store ({@link ProjectionVersions}).
     */
    default int version() {
        return 1;
    }

    /**
     * The tables this projection fills, and only it. A rebuild gives {@link #replay} empty copies of them
     * under the same names (with their keys if {@link #replayNeedsKeys()}; other indexes are built after the
     * replay) and swaps them in when it is done.
     */
    List<String> tables();

    /**
     * Whether {@link #replay} needs the tables' keys while it fills them (an upsert, {@code on conflict}, a
     * lookup by key): yes by default. A bulk replay that writes each row once (with {@code COPY}) says no, and
     * the keys are built after the fill with the other indexes: one sort each instead of an index insertion
     * per row.
     */
    default boolean replayNeedsKeys() {
        return true;
    }

    /**
     * Tables other code keeps from this projection's rows (roll-ups, say): locked against writers while
     * the projection is rebuilt, and brought up to date by {@link #rebuilt}. None by default.
     */
    default List<String> derivedTables() {
        return List.of();
    }

    /**
     * Refills the projection's (empty) tables from the store, in the rebuild's transaction, and returns how
     * many events it read. By default every event of the store in global order through {@link #apply}; a
     * projection that is cheaper to rebuild in bulk (whole streams a chunk at a time, rows in batches)
     * overrides this instead.
     */
    default long replay(Connection connection, EventStore store) throws Exception {
        return store.forEach(connection, event -> {
            try {
                apply(connection, event);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("rebuilding " + name() + " failed at event "
                        + event.envelope().eventId() + ": " + e.getMessage(), e);
            }
        });
    }

    /** One event of the default {@link #replay}. */
    default void apply(Connection connection, StoredEvent event) throws Exception {
        throw new UnsupportedOperationException(name() + " is rebuilt in bulk, not event by event");
    }

    /**
     * In the rebuild's transaction, once the rebuilt tables are in place: what depends on them (the
     * {@link #derivedTables()}, caches to drop). Nothing by default.
     */
    default void rebuilt(Connection connection) throws Exception {
    }
}
