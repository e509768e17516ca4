package io.sidan.eventing.tx;

import java.sql.Connection;

/** Work done inside one database transaction, on the connection that belongs to it. */
@FunctionalInterface
public interface TransactionalWork<T> {

    T run(Connection connection) throws Exception;
}
