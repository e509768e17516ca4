package io.sidan.console;

import java.net.URI;
import java.util.List;

import io.smallrye.config.ConfigMapping;

/**
 * Where the console forwards API calls (each service's instances, comma-separated), and the identity
 * provider the browser logs in with.
 */
@ConfigMapping(prefix = "sidan.console")
public interface ConsoleConfig {

    List<URI> requestService();

    List<URI> dispatchService();

    List<URI> ratingService();

    /** Keycloak's base URL as the browser reaches it. */
    String keycloakUrl();

    String realm();

    /** The public client with the authorization-code flow and PKCE. */
    String clientId();
}
