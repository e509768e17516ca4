package io.sidan.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.sidan.contracts.Topics;
import io.sidan.local.LocalSystem;
import io.sidan.testing.BrokerClient;
import org.junit.jupiter.api.Test;

/**
 * Residents' personal data across the services: the dispatch service holds contacts only sealed and opens
 * them with the request's data key from the request service; after an approved erasure it shows them as
 * erased; no topic carries a phone number or an address readable.
 */
class PrivacySystemTest {

    private static final String PHONE = "13912345678";
    private static final String ADDRESS = "和平里街道3号楼";

    private final LocalSystem system = TheSystem.get();
    private final Api api = new Api(system);

    @Test
    void theDispatchServiceOpensSealedContactsWithTheRequestServicesKeysUntilTheyAreErased() {
        String id = api.submitted("resident1", "ELDERLY_CARE", "NORMAL");
        api.awaitCase(id);
        JsonPath contact = api.caseOf(id).setRootPath("contact");
        assertThat(contact.getString("phone")).isEqualTo(PHONE);
        assertThat(contact.getString("address")).isEqualTo(ADDRESS);
        assertThat(contact.getBoolean("personalDataErased")).isFalse();
        assertThat(contact.getBoolean("unavailable")).isFalse();
        api.assign(id, "red-vest").then().statusCode(200);
        List<Map<String, Object>> tasks = api.as("team-red", LocalSystem.DISPATCH).get("/api/tasks").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.requestId == '" + id + "' }.contact");
        assertThat(tasks).singleElement().satisfies(c -> assertThat(c).containsEntry("phone", "139****5678")
                .containsEntry("masked", true));

        api.as("resident1", LocalSystem.REQUEST).body(Map.of("reason", "不需要了")).post("/api/requests/" + id + "/cancel")
                .then().statusCode(200);
        String erasure = api.as("resident1", LocalSystem.REQUEST).body(Map.of("reason", "请删除我的联系方式", "requestId", id))
                .post("/api/erasure-requests").then().statusCode(201).extract().path("id");
        api.as("admin1", LocalSystem.REQUEST).post("/api/erasure-requests/" + erasure + "/approve").then().statusCode(200);

        // the erasure reaches the dispatch service as an event; its copy reads as erased
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> api.caseOf(id).getBoolean("contact.personalDataErased"));
        JsonPath erased = api.caseOf(id).setRootPath("contact");
        assertThat(erased.getString("phone")).isNull();
        assertThat(erased.getString("address")).isNull();
        assertThat(api.request("resident1", id).getBoolean("personalDataErased")).isTrue();

        try (BrokerClient broker = new BrokerClient(system.kafka())) {
            assertThat(broker.texts(Topics.REQUEST_EVENTS)).anySatisfy(r -> assertThat(r).contains(id, "request.personal-data-erased"));
            for (String topic : List.of(Topics.REQUEST_EVENTS, Topics.DISPATCH_EVENTS, Topics.RATING_EVENTS, Topics.TEAM_EVENTS)) {
                assertThat(broker.texts(topic)).as(topic).noneSatisfy(r -> assertThat(r).containsAnyOf(PHONE, ADDRESS));
            }
        }
    }
}
