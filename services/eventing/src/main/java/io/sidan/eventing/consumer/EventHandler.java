package io.sidan.eventing.consumer;

import java.sql.Connection;

/**
 * Applies one received event. It runs inside the transaction that also records the event as
 * processed, so its effects and the record of having done them commit together. Throwing rolls both
 * back and the runner retries.
 */
@FunctionalInterface
public interface EventHandler {

    void handle(Connection connection, ReceivedEvent event) throws Exception;
}
