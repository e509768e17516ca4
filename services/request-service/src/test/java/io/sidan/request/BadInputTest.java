package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sidan.testing.Sql;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a clear problem+json 4xx and appends nothing. */
@QuarkusTest
class BadInputTest {

    @Inject
    AgroalDataSource db;

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = new HashMap<>(Fixtures.body());
        if (value == null) {
            body.remove(field);
        } else {
            body.put(field, value);
        }
        return body;
    }

    private static Map<String, Object> location(String field, Object value) {
        Map<String, Object> location = new HashMap<>((Map<String, Object>) Fixtures.body().get("location"));
        location.put(field, value);
        return with("location", location);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("missing title", with("title", null), 400, "title"),
                Arguments.of("blank title", with("title", "   "), 400, "title"),
                Arguments.of("title too long", with("title", "长".repeat(101)), 400, "title"),
                Arguments.of("description too long", with("description", "字".repeat(2001)), 400, "description"),
                Arguments.of("unknown category", with("category", "ASTROLOGY"), 400, "category"),
                Arguments.of("item of another category", with("item", "FREE_CLINIC"), 400, "item"),
                Arguments.of("unknown grid", location("grid", "G-NOWHERE"), 400, "location.grid"),
                Arguments.of("missing location", with("location", null), 400, "location"),
                Arguments.of("location of the wrong type", with("location", "here"), 400, "location"),
                Arguments.of("latitude out of range", location("lat", 100.5), 400, "location.lat"),
                Arguments.of("bad phone number", with("contactPhone", "12345"), 400, "contactPhone"),
                Arguments.of("missing phone number", with("contactPhone", null), 400, "contactPhone"),
                Arguments.of("wrong urgency", with("urgency", "SOON"), 400, "urgency"),
                Arguments.of("wrong channel", with("channel", "FAX"), 400, "channel"),
                Arguments.of("resident claiming a phone call", with("channel", "PHONE"), 400, "channel"),
                Arguments.of("unknown field", with("colour", "red"), 400, "colour"),
                Arguments.of("control character", with("title", "坏\u0000标题"), 400, "title"),
                Arguments.of("window ends before it starts", with("preferredWindow",
                        Map.of("from", "2026-03-06T04:00:00Z", "to", "2026-03-06T01:00:00Z")), 400, "preferredWindow.to"),
                Arguments.of("window that is not a time", with("preferredWindow",
                        Map.of("from", "tomorrow", "to", "2026-03-06T01:00:00Z")), 400, "preferredWindow.from"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodiesAreRefusedWithTheFieldNamed(String name, Map<String, Object> body, int status, String field) {
        nothingAppended(() -> Fixtures.submit(TestTokens.resident(Fixtures.RESIDENT), body).then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("detail", not(emptyOrNullString()))
                .body("errors[0].field", equalTo(field)));
    }

    static Stream<Arguments> badRaw() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"category\": ", "application/json", 400),
                Arguments.of("a JSON array", "[1, 2]", "application/json", 400),
                Arguments.of("an empty body", "", "application/json", 400),
                Arguments.of("JSON null", "null", "application/json", 400),
                Arguments.of("plain text", "please help", "text/plain", 415),
                Arguments.of("form data", "title=x", "application/x-www-form-urlencoded", 415));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRaw")
    void unreadableBodiesAreRefused(String name, String raw, String contentType, int status) {
        nothingAppended(() -> given().auth().oauth2(TestTokens.resident(Fixtures.RESIDENT))
                .contentType(contentType).body(raw).when().post("/api/requests").then()
                .statusCode(status).contentType("application/problem+json").body("detail", not(emptyOrNullString())));
    }

    static Stream<Arguments> repeatedKeys() {
        String body = "{\"category\":\"ELDERLY_CARE\",\"item\":\"HAIRCUT\",\"title\":\"老人上门理发\",\"description\":\"上门理发\","
                + "\"location\":{\"grid\":\"G-HPL-01\",\"address\":\"和平里3号楼\"%s},\"contactPhone\":\"13912345678\"%s}";
        return Stream.of(
                Arguments.of("/api/requests", body.formatted("", ",\"title\":\"另一个标题\""), "title"),
                Arguments.of("/api/requests", body.formatted(",\"grid\":\"G-HPL-02\"", ""), "location.grid"),
                Arguments.of("/api/requests", body.formatted("", ",\"preferredWindow\":{\"from\":\"2026-03-06T01:00:00Z\","
                        + "\"to\":\"2026-03-06T04:00:00Z\",\"to\":\"2026-03-06T05:00:00Z\"}"), "preferredWindow.to"),
                Arguments.of("/api/requests/{id}/cancel", "{\"reason\":\"a\",\"reason\":\"b\"}", "reason"),
                Arguments.of("/api/erasure-requests", "{\"reason\":\"a\",\"reason\":\"b\"}", "reason"));
    }

    /** A key given twice is ambiguous: a 400 naming it (the CATS fuzzer found a 500 here). */
    @ParameterizedTest(name = "{2} twice on {0}")
    @MethodSource("repeatedKeys")
    void aRepeatedKeyIsRefusedAndNamed(String path, String raw, String field) {
        String id = Fixtures.submitted();
        nothingAppended(() -> given().auth().oauth2(TestTokens.resident(Fixtures.RESIDENT)).contentType(ContentType.JSON)
                .body(raw).post(path.replace("{id}", id)).then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field))
                .body("detail", containsString("more than once")));
    }

    @Test
    void aBodyThatNeverArrivesIsATimeoutNotAStuckThread() throws Exception {
        String head = "POST /api/requests HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestTokens.resident(Fixtures.RESIDENT) + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n";
        nothingAppended(() -> {
            try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
                socket.setSoTimeout(15_000); // a stuck thread would show as a SocketTimeoutException
                socket.getOutputStream().write((head + "{\"category\":\"ELD").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                long started = System.nanoTime();
                StringBuilder answer = new StringBuilder();
                java.io.InputStream in = socket.getInputStream();
                for (int b = in.read(); b >= 0 && answer.indexOf("\r\n\r\n") < 0; b = in.read()) {
                    answer.append((char) b); // the status line and headers are ASCII
                }
                // the server gives up on the body and closes the connection (or answers 408 if it still can);
                // never a 500, and the test profile waits 2 s for a body (10 s in production), not a minute
                String text = answer.toString();
                org.assertj.core.api.Assertions.assertThat(text.isEmpty() || text.startsWith("HTTP/1.1 408")).as(text).isTrue();
                org.assertj.core.api.Assertions.assertThat(System.nanoTime() - started).isLessThan(10_000_000_000L);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void badCallersAreRefused() {
        nothingAppended(() -> given().contentType(ContentType.JSON).body(Fixtures.body()).post("/api/requests")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer"));
        nothingAppended(() -> Fixtures.submit(TestTokens.forged("mallory", "resident"), Fixtures.body())
                .then().statusCode(401).contentType("application/problem+json"));
        nothingAppended(() -> Fixtures.submit(TestTokens.expired(Fixtures.RESIDENT, "resident"), Fixtures.body())
                .then().statusCode(401).contentType("application/problem+json"));
        nothingAppended(() -> Fixtures.submit(TestTokens.team("team-red", "red-vest"), Fixtures.body())
                .then().statusCode(403).contentType("application/problem+json"));
        nothingAppended(() -> Fixtures.submit(TestTokens.reviewer("reviewer-1"), Fixtures.body())
                .then().statusCode(403).contentType("application/problem+json"));
        nothingAppended(() -> given().auth().oauth2("not-a-token").contentType(ContentType.JSON).body(Fixtures.body())
                .post("/api/requests").then().statusCode(401).contentType("application/problem+json"));
    }

    @Test
    void badHeadersAndAcceptAreRefused() {
        nothingAppended(() -> given().auth().oauth2(TestTokens.resident(Fixtures.RESIDENT)).header("Idempotency-Key", "k".repeat(300))
                .contentType(ContentType.JSON).body(Fixtures.body()).post("/api/requests")
                .then().statusCode(400).contentType("application/problem+json"));
        nothingAppended(() -> given().auth().oauth2(TestTokens.resident(Fixtures.RESIDENT)).accept("application/xml")
                .contentType(ContentType.JSON).body(Fixtures.body()).post("/api/requests")
                .then().statusCode(406));
    }

    @Test
    void badQueriesPathsAndMethodsAreRefused() {
        String token = TestTokens.dispatcher("dispatcher-1");
        for (String[] query : new String[][] {{"status", "LOST"}, {"page", "-1"}, {"size", "1000"}, {"size", "ten"},
                {"sort", "password"}, {"from", "yesterday"}, {"category", "x".repeat(50)}, {"grid", "a\u0000b"}}) {
            given().auth().oauth2(token).queryParam(query[0], query[1]).get("/api/requests").then()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo(query[0]));
        }
        given().auth().oauth2(token).get("/api/requests/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token).get("/api/requests/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        nothingAppended(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/requests/" + java.util.UUID.randomUUID() + "/cancel").then().statusCode(404));
        given().auth().oauth2(token).delete("/api/requests").then().statusCode(405).contentType("application/problem+json")
                .header("Allow", containsString("GET"));
        given().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void cancelAndReopenNeedAReason() {
        String id = Fixtures.submitted();
        String token = TestTokens.resident(Fixtures.RESIDENT);
        for (Object body : new Object[] {Map.of(), Map.of("reason", ""), Map.of("reason", "x".repeat(501)),
                Map.of("reason", "ok", "extra", 1)}) {
            nothingAppended(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .post("/api/requests/" + id + "/cancel").then().statusCode(400).contentType("application/problem+json"));
        }
        nothingAppended(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "ok"))
                .header("If-Match", "\"99\"").post("/api/requests/" + id + "/cancel").then().statusCode(412)
                .contentType("application/problem+json"));
    }

    @Test
    void anErasureRequestNeedsAReasonAndARequestIdThatIsOne() {
        String token = TestTokens.resident(Fixtures.RESIDENT);
        for (Object body : new Object[] {Map.of(), Map.of("reason", " "), Map.of("reason", "x".repeat(501)),
                Map.of("reason", "ok", "requestId", "not-a-uuid"), Map.of("reason", "ok", "requestId", 42),
                Map.of("reason", "ok", "extra", 1), List.of("reason")}) {
            nothingAppended(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .post("/api/erasure-requests").then().statusCode(400).contentType("application/problem+json"));
        }
        nothingAppended(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("reason", "ok", "requestId", java.util.UUID.randomUUID().toString()))
                .post("/api/erasure-requests").then().statusCode(404).contentType("application/problem+json"));
        nothingAppended(() -> given().auth().oauth2(TestTokens.admin("admin-1")).contentType(ContentType.JSON)
                .body(Map.of("reason", "")).post("/api/erasure-requests/erasure-x/reject").then().statusCode(400)
                .contentType("application/problem+json"));
        nothingAppended(() -> given().auth().oauth2(TestTokens.admin("admin-1"))
                .post("/api/erasure-requests/erasure-x/approve").then().statusCode(404).contentType("application/problem+json"));
    }

    private void nothingAppended(Runnable call) {
        long before = Sql.count(db, "select count(*) from event_store");
        call.run();
        assertThat(Sql.count(db, "select count(*) from event_store")).as("events appended").isEqualTo(before);
    }

}
