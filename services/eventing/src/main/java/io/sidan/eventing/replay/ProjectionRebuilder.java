package io.sidan.eventing.replay;

import java.lang.System.Logger.Level;
import java.time.Duration;

import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.tx.Transactions;

/**
 * Rebuilds a projection from the store ({@link Projection#replay}: by default every event in global order), in one
 * transaction: the replay fills empty copies of the projection's tables, which then replace the live ones
 * ({@link FreshTables}). Readers go on reading the old model meanwhile and see the new one from the commit
 * (they wait only for the swap). Writers that touch the projection wait until the rebuild commits and then
 * apply their own events on top, so the rebuilt model equals the live one. The projection's version is
 * recorded in the same transaction.
 */
public final class ProjectionRebuilder {

    private static final System.Logger LOG = System.getLogger(ProjectionRebuilder.class.getName());

    private final Transactions transactions;
    private final EventStore store;

    public ProjectionRebuilder(Transactions transactions, EventStore store) {
        this.transactions = transactions;
        this.store = store;
    }

    /** Rebuilds and returns how many events were replayed. */
    public RebuildResult rebuild(Projection projection) {
        long started = System.nanoTime();
        long events = transactions.inTransaction(c -> {
            FreshTables fresh = FreshTables.create(c, projection.tables(), projection.derivedTables(), projection.replayNeedsKeys());
            long replayed = fresh.fill(c, () -> projection.replay(c, store));
            fresh.swapIn(c);
            projection.rebuilt(c);
            ProjectionVersions.record(c, projection);
            return replayed;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.log(Level.INFO, "rebuilt " + projection.name() + " from " + events + " events in " + took.toMillis() + " ms");
        return new RebuildResult(projection.name(), events, took);
    }

    public record RebuildResult(String projection, long events, Duration took) {
    }
}
