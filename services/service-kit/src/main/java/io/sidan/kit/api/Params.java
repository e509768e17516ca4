package io.sidan.kit.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

import io.sidan.contracts.domain.Ids;

/**
 * Query and path parameters are read as text and parsed here, so a bad value is a 400 that names the
 * parameter (JAX-RS would answer 404 for a failed conversion).
 */
public final class Params {

    private Params() {
    }

    public static int number(String name, String value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(name, "must be a whole number from " + min + " to " + max);
        }
    }

    /** A short text parameter: null stays null, otherwise 1 to max characters. */
    public static String text(String name, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > max) {
            throw ProblemException.invalidField(name, "must be 1 to " + max + " characters");
        }
        return value;
    }

    public static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(name, "must be an ISO-8601 date-time such as 2026-03-01T00:00:00Z");
        }
    }

    public static <E extends Enum<E>> E enumValue(Class<E> type, String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(name, "'" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** true or false, nothing else; the default when absent. */
    public static boolean bool(String name, String value, boolean defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.invalidField(name, "must be true or false");
        };
    }

    /** Whether an id is a UUID in its canonical lower-case form (request ids are). */
    public static boolean isUuid(String id) {
        return Ids.isUuid(id);
    }
}
