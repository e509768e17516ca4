package io.sidan.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * A command's body arrives however the client sends it: small bodies of announced length are read on the
 * event loop ({@code SmallBodies}), the others (chunked, larger, {@code Expect: 100-continue}) by Quarkus
 * REST on the worker. Each way gives the same submission.
 */
@QuarkusTest
class RequestBodyPathsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpRequest.Builder submission() {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/requests"))
                .header("Authorization", "Bearer " + TestTokens.resident(Fixtures.RESIDENT))
                .header("Content-Type", "application/json").header("Accept", "application/json");
    }

    private static byte[] body(int padding) throws Exception {
        String json = EventJson.mapper().writeValueAsString(Fixtures.body());
        // JSON allows whitespace between tokens: the same submission, as long as wanted
        return (" ".repeat(padding) + json).getBytes(StandardCharsets.UTF_8);
    }

    private static void assertSubmitted(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(answer.body()).contains("\"title\":\"老人上门理发\"").contains("\"status\":\"SUBMITTED\"");
    }

    @Test
    void aSmallBodyOfAnnouncedLength() throws Exception {
        assertSubmitted(HTTP.send(submission().POST(HttpRequest.BodyPublishers.ofByteArray(body(0))).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aChunkedBody() throws Exception {
        byte[] body = body(0);
        // a stream of unknown length goes out chunked, without Content-Length
        assertSubmitted(HTTP.send(submission().POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aBodyLargerThanTheEventLoopReads() throws Exception {
        byte[] body = body(40 * 1024);
        assertThat(body.length).isGreaterThan(32 * 1024);
        assertSubmitted(HTTP.send(submission().POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aBodyOverHttp2() throws Exception {
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // the first request upgrades the connection (h2c); the submission then goes over HTTP/2
        http2.send(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> answer = http2.send(submission().POST(HttpRequest.BodyPublishers.ofByteArray(body(0))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertSubmitted(answer);
    }

    @Test
    void aBodyThatWaitsFor100Continue() throws Exception {
        assertSubmitted(HTTP.send(submission().expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(body(0))).build(),
                HttpResponse.BodyHandlers.ofString()));
    }
}
