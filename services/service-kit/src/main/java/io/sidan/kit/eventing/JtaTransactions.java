package io.sidan.kit.eventing;

import java.sql.Connection;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.sidan.eventing.tx.TransactionFailedException;
import io.sidan.eventing.tx.TransactionalWork;
import io.sidan.eventing.tx.Transactions;

/**
 * Transactions on Quarkus' JTA transaction manager. The connection handed to the work is enlisted in
 * the transaction, so the event store's JDBC and Hibernate (Panache) read models commit or roll back
 * together.
 */
@ApplicationScoped
public class JtaTransactions implements Transactions {

    private final AgroalDataSource dataSource;

    public JtaTransactions(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> T inTransaction(TransactionalWork<T> work) {
        return inTransaction(null, work);
    }

    /** The same transactions with a longer time limit than the default (for a projection rebuild, say). */
    public Transactions withTimeout(Duration timeout) {
        return new Transactions() {
            @Override
            public <T> T inTransaction(TransactionalWork<T> work) {
                return JtaTransactions.this.inTransaction(timeout, work);
            }
        };
    }

    private <T> T inTransaction(Duration timeout, TransactionalWork<T> work) {
        try {
            var begin = QuarkusTransaction.requiringNew();
            if (timeout != null) {
                begin = begin.timeout((int) timeout.toSeconds());
            }
            return begin.call(() -> {
                try (Connection c = dataSource.getConnection()) {
                    return work.run(c);
                }
            });
        } catch (QuarkusTransactionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new TransactionFailedException("transaction failed: " + e.getMessage(), e.getCause() == null ? e : e.getCause());
        }
    }
}
