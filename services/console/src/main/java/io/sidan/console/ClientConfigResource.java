package io.sidan.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What the single-page app needs to know to log in: Keycloak's address, the realm, the client. */
@Path("/config.json")
public class ClientConfigResource {

    private final ConsoleConfig config;

    public ClientConfigResource(ConsoleConfig config) {
        this.config = config;
    }

    public record ClientConfig(String keycloakUrl, String realm, String clientId) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ClientConfig get() {
        return new ClientConfig(config.keycloakUrl(), config.realm(), config.clientId());
    }
}
