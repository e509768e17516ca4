package io.sidan.eventing.tx;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Transactions on plain JDBC connections from a data source. */
public final class JdbcTransactions implements Transactions {

    private final DataSource dataSource;

    public JdbcTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> T inTransaction(TransactionalWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
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
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
