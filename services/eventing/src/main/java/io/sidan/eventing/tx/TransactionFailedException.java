package io.sidan.eventing.tx;

/** A transaction's work failed with a checked exception, or the commit itself failed. */
public class TransactionFailedException extends RuntimeException {

    public TransactionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
