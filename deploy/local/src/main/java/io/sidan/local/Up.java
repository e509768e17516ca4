package io.sidan.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.sidan.testing.QuietLogs;

/**
 * {@code ./sidan up}: starts the whole system locally, prints where to go and how to log in, and stops
 * everything cleanly on Ctrl-C. A second run reuses the data under {@code deploy/local/data}.
 * {@code ./sidan up --replicas 2} runs two processes of every service and a three-node Kafka cluster.
 */
public final class Up {

    private Up() {
    }

    public static void main(String[] args) throws InterruptedException {
        QuietLogs.apply();
        Path root = Path.of(System.getProperty("sidan.root", ".")).toAbsolutePath().normalize();
        int instances = instances(args);
        LocalSystem.Ports ports = LocalSystem.Ports.standard();
        String taken = LocalSystem.takenPort(ports, instances);
        if (taken != null) {
            System.err.println("sidan up: " + taken + " is already in use (is another ./sidan up running?); stop what uses it and try again.");
            System.exit(1);
        }
        // several instances keep their data apart from the single-instance run (a three-node Kafka log differs)
        Path data = root.resolve(instances > 1 ? "deploy/local/data-replicas" : "deploy/local/data");
        LocalSystem system = new LocalSystem(new LocalSystem.Settings(root, data, ports, Map.of(), true, instances));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println();
            System.out.println("Stopping Sidan…");
            system.close();
            System.out.println("Stopped. The data stays in " + root.relativize(data) + " for the next ./sidan up.");
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

    /** {@code --replicas N} (or {@code --replicas=N}): processes per service, 1 by default. */
    static int instances(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String value = args[i].startsWith("--replicas=") ? args[i].substring("--replicas=".length())
                    : args[i].equals("--replicas") && i + 1 < args.length ? args[i + 1] : null;
            if (value != null) {
                try {
                    int n = Integer.parseInt(value);
                    if (n >= 1 && n <= LocalSystem.PARTITIONS) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // the message below
                }
                System.err.println("sidan up: --replicas takes a number from 1 to " + LocalSystem.PARTITIONS
                        + " (more consumers than the topics' partitions would sit idle)");
                System.exit(2);
            } else if (!args[i].matches("\\d+")) {
                System.err.println("sidan up: unknown option " + args[i] + " (options: --build, --replicas N)");
                System.exit(2);
            }
        }
        return 1;
    }

    private static String urls(LocalSystem s, String service) {
        return String.join(" ", s.baseUrls(service));
    }

    static String banner(LocalSystem s) {
        return """

                四单 Sidan is up.

                  web console (四单工作台)          %s   ← start here: log in as any demo user below

                  request service (群众点单)      %s   Swagger UI %s/q/swagger-ui
                  dispatch service (派单/接单)    %s   Swagger UI %s/q/swagger-ui
                  rating service (评单)          %s   Swagger UI %s/q/swagger-ui
                  Keycloak (realm sidan)         %s   admin console: admin / admin
                  Kafka                          %s%s

                Demo logins (password sidan): resident1, resident2, dispatcher1, team-red (red-vest),
                team-blue (blue-sky), reviewer1, admin1.

                Get a token:
                  curl -s -d grant_type=password -d client_id=sidan-cli -d username=resident1 -d password=sidan %s/protocol/openid-connect/token

                Logs: deploy/local/data/logs/. Press Ctrl-C to stop.
                """.formatted(s.consoleUrl(), urls(s, LocalSystem.REQUEST), s.baseUrl(LocalSystem.REQUEST),
                urls(s, LocalSystem.DISPATCH), s.baseUrl(LocalSystem.DISPATCH),
                urls(s, LocalSystem.RATING), s.baseUrl(LocalSystem.RATING), s.keycloakUrl(), s.bootstrapServers(),
                s.kafkaNodes().isEmpty() ? "" : "   (" + s.kafkaNodes().size() + " nodes, replication factor 3)", s.issuer());
    }
}
