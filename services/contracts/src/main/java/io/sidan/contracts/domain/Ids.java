package io.sidan.contracts.domain;

import java.util.UUID;

/** Identifiers of requests (and so of their cases and rating sheets): UUIDs in their canonical lower-case form. */
public final class Ids {

    private Ids() {
    }

    /** Whether {@code id} is a UUID as this system writes it; anything else names no request. */
    public static boolean isUuid(String id) {
        try {
            return id != null && UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
