package io.sidan.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.sidan.testing.QuietLogs;

/**
 * {@code ./sidan up}: starts the whole system locally, prints where to go and how to log in, and stops
 * everything cleanly on Ctrl-C. A second run reuses the data under {@code deploy/local/data}.
 */
public final class Up {

    private Up() {
    }

    public static void main(String[] args) throws InterruptedException {
        QuietLogs.apply();
        Path root = Path.of(System.getProperty("sidan.root", ".")).toAbsolutePath().normalize();
        LocalSystem.Ports ports = LocalSystem.Ports.standard();
        String taken = LocalSystem.takenPort(ports);
        if (taken != null) {
            System.err.println("sidan up: " + taken + " is already in use (is another ./sidan up running?); stop what uses it and try again.");
            System.exit(1);
        }
        LocalSystem system = new LocalSystem(new LocalSystem.Settings(root, root.resolve("deploy/local/data"), ports, Map.of(), true));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println();
            System.out.println("Stopping Sidan…");
            system.close();
            System.out.println("Stopped. The data stays in deploy/local/data for the next ./sidan up.");
            stopped.countDown();
        }, "sidan-up-stop"));
        System.out.println("Starting Sidan: PostgreSQL, Kafka, Keycloak (about half a minute), then the services…");
        try {
            system.start();
        } catch (RuntimeException e) {
            System.err.println("sidan up: " + e.getMessage());
            System.exit(1);
        }
        System.out.println(banner(system));
        stopped.await();
    }

    static String banner(LocalSystem s) {
        return """

                四单 Sidan is up.

                  web console (四单工作台)          %s   ← start here: log in as any demo user below

                  request service (群众点单)      %s   Swagger UI %s/q/swagger-ui
                  dispatch service (派单/接单)    %s   Swagger UI %s/q/swagger-ui
                  rating service (评单)          %s   Swagger UI %s/q/swagger-ui
                  Keycloak (realm sidan)         %s   admin console: admin / admin

                Demo logins (password sidan): resident1, resident2, dispatcher1, team-red (red-vest),
                team-blue (blue-sky), reviewer1, admin1.

                Get a token:
                  curl -s -d grant_type=password -d client_id=sidan-cli -d username=resident1 -d password=sidan %s/protocol/openid-connect/token

                Logs: deploy/local/data/logs/. Press Ctrl-C to stop.
                """.formatted(s.consoleUrl(), s.baseUrl(LocalSystem.REQUEST), s.baseUrl(LocalSystem.REQUEST),
                s.baseUrl(LocalSystem.DISPATCH), s.baseUrl(LocalSystem.DISPATCH),
                s.baseUrl(LocalSystem.RATING), s.baseUrl(LocalSystem.RATING), s.keycloakUrl(), s.issuer());
    }
}
