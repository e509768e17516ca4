package io.sidan.kit.eventing;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
 * together. After each commit the registered hooks run (the outbox relay's wake-up).
 */
@ApplicationScoped
public class JtaTransactions implements Transactions {

    private final AgroalDataSource dataSource;
    private final List<Runnable> afterCommit = new CopyOnWriteArrayList<>();

    public JtaTransactions(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void afterCommit(Runnable hook) {
        afterCommit.add(hook);
    }

    @Override
    public <T> T inTransaction(TransactionalWork<T> work) {
        T result;
        try {
            result = QuarkusTransaction.requiringNew().call(() -> {
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
        afterCommit.forEach(Runnable::run);
        return result;
    }
}
