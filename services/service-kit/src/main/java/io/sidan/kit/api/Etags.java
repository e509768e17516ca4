package io.sidan.kit.api;

import java.util.OptionalLong;

/**
 * Entity tags are stream versions: {@code "7"} is version 7 of the item's event stream. A client
 * that sends it back in {@code If-Match} gets 412 when the item changed since it read it.
 */
public final class Etags {

    private Etags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version an {@code If-Match} header asks for; empty when absent or {@code *}. */
    public static OptionalLong ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return OptionalLong.empty();
        }
        String value = header.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            long version = Long.parseLong(value);
            if (version < 0) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(version);
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("If-Match", "must be an entity tag this service issued, such as \"3\"");
        }
    }
}
