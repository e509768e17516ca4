package io.sidan.request;

import static io.restassured.RestAssured.given;

import java.util.Map;

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
}
