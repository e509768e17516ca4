package io.sidan.contracts.domain;

/** The item a command or query names does not exist (or the caller may not know of it); services answer 404. */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
