package io.sidan.eventing.tx;

/**
 * Runs work in a new database transaction and commits it, or rolls it back when the work throws.
 * Services implement it on their container's transactions (so ORM work joins the same transaction);
 * {@link JdbcTransactions} does it with plain JDBC.
 *
 * <p>Runtime exceptions of the work reach the caller unchanged; checked ones arrive wrapped in
 * {@link TransactionFailedException}.
 */
public interface Transactions {

    <T> T inTransaction(TransactionalWork<T> work);
}
