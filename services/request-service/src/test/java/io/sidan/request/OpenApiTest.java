package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** The published OpenAPI document is the contract: every endpoint, its errors as problem+json, its schemas. */
@QuarkusTest
class OpenApiTest {

    @Test
    void everyOperationDocumentsItsAnswersAndErrors() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        assertThat(paths.keySet()).contains("/api/catalogue", "/api/catalogue/{code}", "/api/grids", "/api/grids/{code}",
                "/api/requests", "/api/requests/{id}", "/api/requests/{id}/cancel", "/api/requests/{id}/reopen",
                "/api/requests/{id}/timeline");
        int operations = 0;
        for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
            for (Map.Entry<String, Object> op : path.getValue().entrySet()) {
                if (!List.of("get", "post", "put", "delete", "patch").contains(op.getKey())) {
                    continue;
                }
                operations++;
                Map<String, Object> operation = (Map<String, Object>) op.getValue();
                Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
                String where = op.getKey() + " " + path.getKey();
                assertThat(operation.get("summary")).as(where + " summary").isNotNull();
                assertThat(responses).as(where).containsKeys("400", "404", "406");
                assertThat(responses.keySet().stream().anyMatch(code -> code.startsWith("2"))).as(where + " success").isTrue();
                if (operation.containsKey("requestBody")) {
                    assertThat(responses).as(where).containsKey("415");
                }
                if (operation.get("security") instanceof List<?> security && !security.isEmpty()) {
                    assertThat(responses).as(where).containsKeys("401", "403");
                }
                Map<String, Object> bad = (Map<String, Object>) responses.get("400");
                assertThat(((Map<String, Object>) bad.get("content")).keySet()).containsExactly("application/problem+json");
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(12);
        assertThat(doc.getMap("components.schemas")).containsKeys("Problem", "SubmitRequest", "Request", "Timeline");
        assertThat(doc.getList("paths.'/api/requests'.post.security")).isNotEmpty();
        assertThat(doc.getString("paths.'/api/requests'.post.responses.'422'.description")).contains("Idempotency-Key");
        // roles apart from the bearer requirement, which has no scopes
        assertThat(doc.getList("paths.'/api/requests'.post.x-roles")).containsExactly("dispatcher", "resident");
        assertThat(doc.getList("paths.'/api/requests'.post.security[0].bearer")).isEmpty();
        // 412 wherever If-Match is taken, and every declared error answer as a problem
        assertThat(doc.getMap("paths.'/api/requests/{id}/cancel'.post.responses.'412'.content")).containsOnlyKeys("application/problem+json");
        assertThat(doc.getString("paths.'/api/requests/{id}/cancel'.post.responses.'409'.description")).contains("current status");
        assertThat(doc.getMap("paths.'/api/requests/{id}/cancel'.post.responses.'409'.content")).containsOnlyKeys("application/problem+json");
        assertThat(doc.getMap("paths.'/api/requests'.post.responses")).doesNotContainKey("412");
    }

    @Test
    void swaggerUiAndHealthAreServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }
}
