package io.sidan.eventing.tx;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

/** Transactions on plain JDBC connections from a data source, with hooks that run after each commit. */
public final class JdbcTransactions implements Transactions {

    private final DataSource dataSource;
    private final List<Runnable> afterCommit = new CopyOnWriteArrayList<>();

    public JdbcTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs after every successful commit, e.g. to wake the outbox relay. */
    public void afterCommit(Runnable hook) {
        afterCommit.add(hook);
    }

    @Override
    public <T> T inTransaction(TransactionalWork<T> work) {
        T result;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                result = work.run(c);
                c.commit();
            } catch (Throwable e) {
                rollbackQuietly(c, e);
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                if (e instanceof Error err) {
                    throw err;
                }
                throw new TransactionFailedException("transaction failed: " + e.getMessage(), e);
            }
        } catch (SQLException e) {
            throw new TransactionFailedException("database unavailable: " + e.getMessage(), e);
        }
        afterCommit.forEach(Runnable::run);
        return result;
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
