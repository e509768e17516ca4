package io.sidan.contracts.envelope;

/**
 * Who caused an event: a person with their role ({@code resident}, {@code dispatcher}, {@code team},
 * {@code reviewer}, {@code admin}) or a service acting by rule ({@code system}).
 *
 * @param role the role the person acted in, or {@code system}
 * @param id   a stable id: the account's subject, or the service name for {@code system}
 * @param name a display name (user name, team id, service name)
 */
public record Actor(String role, String id, String name) {

    public static final String RESIDENT = "resident";
    public static final String DISPATCHER = "dispatcher";
    public static final String TEAM = "team";
    public static final String REVIEWER = "reviewer";
    public static final String ADMIN = "admin";
    public static final String SYSTEM = "system";

    public Actor {
        requireText(role, "role");
        requireText(id, "id");
        if (name == null || name.isBlank()) {
            name = id;
        }
    }

    public static Actor system(String service) {
        return new Actor(SYSTEM, service, service);
    }

    /** The compact form used in the CloudEvents {@code actor} extension: {@code role:id}. */
    public String reference() {
        return role + ":" + id;
    }

    /** Parses {@link #reference()} back, with the display name carried beside it. */
    public static Actor parse(String reference, String name) {
        int colon = reference == null ? -1 : reference.indexOf(':');
        if (colon <= 0 || colon == reference.length() - 1) {
            throw new IllegalArgumentException("actor must look like role:id, was " + reference);
        }
        return new Actor(reference.substring(0, colon), reference.substring(colon + 1), name);
    }

    public boolean isSystem() {
        return SYSTEM.equals(role);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("actor " + what + " is required");
        }
    }
}
