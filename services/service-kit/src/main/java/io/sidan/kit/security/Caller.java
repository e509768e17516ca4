package io.sidan.kit.security;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.identity.SecurityIdentity;
import io.sidan.contracts.envelope.Actor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated person behind the current request, from their bearer token: subject, user name,
 * realm roles and, for volunteer team accounts, the {@code team_id} claim.
 */
@RequestScoped
public class Caller {

    public static final String RESIDENT = Actor.RESIDENT;
    public static final String DISPATCHER = Actor.DISPATCHER;
    public static final String TEAM = Actor.TEAM;
    public static final String REVIEWER = Actor.REVIEWER;
    public static final String ADMIN = Actor.ADMIN;

    private final SecurityIdentity identity;

    /** How a resident is named as the actor of events. */
    public static final String RESIDENT_NAME = "居民";

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public boolean isAnonymous() {
        return identity.isAnonymous();
    }

    /** The account's stable id (the token subject). */
    public String subject() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return identity.getPrincipal().getName();
    }

    /** The user name people see ({@code preferred_username}), or the subject. */
    public String username() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object name = jwt.getClaim("preferred_username");
            if (name != null && !name.toString().isBlank()) {
                return name.toString();
            }
        }
        return subject();
    }

    public Set<String> roles() {
        return identity.getRoles();
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    /** The volunteer team this account acts for, from the {@code team_id} claim. */
    public Optional<String> teamId() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object team = jwt.getClaim("team_id");
            if (team != null && !team.toString().isBlank()) {
                return Optional.of(team.toString().replace("\"", ""));
            }
        }
        return Optional.empty();
    }

    /**
     * The caller as the actor of events they cause, acting in {@code role}. A resident is recorded by account
     * id alone, named {@value #RESIDENT_NAME}: events are immutable and outlive an erasure of the resident's
     * personal data, so they carry no resident's name (staff act in office and are named).
     */
    public Actor as(String role) {
        return new Actor(role, subject(), RESIDENT.equals(role) ? RESIDENT_NAME : username());
    }
}
