package io.sidan.request;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import javax.sql.DataSource;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sidan.testing.TestTokens;

/** Request bodies and calls the tests share. */
final class Fixtures {

    static final String RESIDENT = "resident-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    static final String OTHER_RESIDENT = "resident-other-" + java.util.UUID.randomUUID().toString().substring(0, 8);

    private Fixtures() {
    }

    static Map<String, Object> body() {
        return Map.of(
                "category", "ELDERLY_CARE",
                "item", "HAIRCUT",
                "title", "老人上门理发",
                "description", "我母亲行动不便，想请志愿者上门理发。",
                "location", Map.of("grid", "G-HPL-01", "address", "和平里街道3号楼2单元501", "lat", 39.9551, "lon", 116.4177),
                "urgency", "NORMAL",
                "contactPhone", "13912345678");
    }

    static Response submit(String token, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/requests");
    }

    /** Submits as {@link #RESIDENT} and returns the new request's id. */
    static String submitted() {
        return submit(TestTokens.resident(RESIDENT), body()).then().statusCode(201).extract().path("id");
    }

    static long count(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void execute(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
