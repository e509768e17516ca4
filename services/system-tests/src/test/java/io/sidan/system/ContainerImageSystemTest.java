package io.sidan.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.restassured.http.ContentType;
import io.sidan.local.LocalSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The request service's container image, as this build made it (Jib through Quarkus, on the base built
 * offline by deploy/images/base-image), saved as an OCI archive, loaded back into podman and run with
 * {@code --network host} against the system's PostgreSQL, Kafka and Keycloak: a second instance of the
 * request service next to the process the other tests use.
 */
class ContainerImageSystemTest {

    private static final String VERSION = System.getProperty("sidan.version", "0.1.0-SNAPSHOT");
    private static final String IMAGE = "sidan/request-service:" + VERSION;

    private final LocalSystem system = TheSystem.get();
    private final Api api = new Api(system);

    @Test
    void theRequestServiceImageRunsUnderPodmanAndServesASubmit() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("sidan.images.built"),
                "the images are built by ./sidan test (Maven profile images); a plain ./mvnw verify skips this test");
        Path root = Path.of(System.getProperty("sidan.root", "../..")).toAbsolutePath().normalize();
        Path archive = root.resolve("services/system-tests/target/request-service-image.tar");
        Files.deleteIfExists(archive);

        // the OCI archive is the image: save it, forget the image, load it back
        podman("save", "--format", "oci-archive", "-o", archive.toString(), IMAGE);
        podman("rmi", "-f", IMAGE);
        podman("load", "-i", archive.toString());
        assertThat(podman("image", "inspect", "--format", "{{.Config.User}}", IMAGE).trim()).isEqualTo("185");
        String labels = podman("image", "inspect", "--format", "{{json .Labels}}", IMAGE);
        assertThat(labels).contains("org.opencontainers.image.revision", "org.opencontainers.image.source",
                "\"org.opencontainers.image.version\":\"" + VERSION + "\"");

        int port = freePort();
        String name = "sidan-request-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name, "--runtime", "runc", "--network", "host",
                "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096", "--memory", "512m",
                "-e", "QUARKUS_HTTP_PORT=" + port,
                "-e", "SIDAN_REQUEST_DB_URL=" + system.postgres().jdbcUrl("request"),
                "-e", "SIDAN_REQUEST_DB_USER=postgres", "-e", "SIDAN_REQUEST_DB_PASSWORD=postgres",
                "-e", "SIDAN_KAFKA_BOOTSTRAP_SERVERS=" + system.kafka().bootstrapServers(),
                "-e", "SIDAN_OIDC_URL=" + system.issuer(),
                "-e", "SIDAN_CLOCK_OFFSET=PT" + TheSystem.clockOffset().toSeconds() + "S",
                // the system's master key: the requests it seals, the other instances open
                "-e", "SIDAN_PRIVACY_MASTER_KEY=" + system.keys().masterKey(),
                IMAGE));
        podman(run.toArray(String[]::new));
        try {
            String base = "http://localhost:" + port;
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> given().baseUri(base).get("/q/health/ready").statusCode() == 200);
            given().baseUri(base).get("/q/health/ready").then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("UP"));

            String id = given().baseUri(base).auth().oauth2(api.token("resident1")).contentType(ContentType.JSON)
                    .body(java.util.Map.of("category", "ELDERLY_CARE", "title", "容器里的诉求", "description", "从容器实例提交",
                            "contactPhone", "13912345678", "location", java.util.Map.of("grid", "G-HPL-01", "address", "和平里街道3号楼")))
                    .post("/api/requests").then().statusCode(201).extract().path("id");
            // the same database: the request service process sees it, and the dispatch service opens its case
            assertThat(api.request("resident1", id).getString("title")).isEqualTo("容器里的诉求");
            api.awaitCase(id);
        } catch (AssertionError | RuntimeException e) {
            System.out.println(podman("logs", name));
            throw e;
        } finally {
            podman("rm", "-f", name);
        }
    }

    private static String podman(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("podman %s finished", args[0]).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("podman %s: %s", String.join(" ", args), text).isZero();
        return text;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
