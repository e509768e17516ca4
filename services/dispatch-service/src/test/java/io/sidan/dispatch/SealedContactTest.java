package io.sidan.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sidan.contracts.Topics;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.ErasureCause;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.privacy.PersonalData;
import io.sidan.contracts.privacy.SealedFields;
import io.sidan.testing.BrokerClient;
import io.sidan.testing.Sql;
import io.sidan.testing.StreamForge;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Contacts as the request service now sends them, sealed with the request's data key: this service keeps
 * them sealed, shows the case even while the keys' keeper cannot be asked (the contact then reads as
 * unavailable; here it is never reachable), and forgets them when the request's personal data is erased.
 * Opening them with the real request service is in PrivacySystemTest.
 */
@QuarkusTest
class SealedContactTest {

    @Inject
    AgroalDataSource db;

    @Test
    void aSealedContactIsKeptSealedShownAsUnavailableWithoutItsKeyAndErasedOnTheEvent() {
        String id = UUID.randomUUID().toString();
        SealedFields.DataKey key = SealedFields.DataKey.generate(id);
        StreamForge forge = new StreamForge("request-service", id);
        Actor resident = new Actor("resident", "resident-9", "居民");
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.REQUEST_EVENTS, forge.next(new RequestEvent.Submitted(id, "resident-9",
                    SealedFields.seal(key, PersonalData.NAME, "王阿姨"), Channel.APP, "ELDERLY_CARE", null, "上门理发",
                    SealedFields.seal(key, PersonalData.DESCRIPTION, "行动不便"), new Location("G-HPL-01",
                    SealedFields.seal(key, PersonalData.ADDRESS, "和平里3号楼"), 39.96, 116.42), Urgency.NORMAL,
                    SealedFields.seal(key, PersonalData.PHONE, "13912345678"), null, new SlaTargets(30, 60, 1440)), resident));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().auth().oauth2(Scenario.DISPATCHER).get("/api/dispatch/cases/" + id).statusCode() == 200);
        assertThat(Sql.text(db, "select contact_phone from request_details where request_id = ?", id)).startsWith(SealedFields.PREFIX);

        JsonPath unavailable = Scenario.caseOf(id).setRootPath("contact");
        assertThat(unavailable.getBoolean("unavailable")).isTrue();
        assertThat(unavailable.getBoolean("personalDataErased")).isFalse();
        assertThat(unavailable.getString("phone")).isNull();
        assertThat(unavailable.getString("address")).isNull();
        assertThat(unavailable.getDouble("lat")).isEqualTo(39.96);
        assertThat(Sql.count(db, "select count(*) from personal_data_access where request_id = ?", id))
                .as("nothing was read, so nothing is logged").isZero();
        given().auth().oauth2(TestTokens.admin("admin-1")).get("/api/dispatch/cases/" + id).then().statusCode(200)
                .body("contact.masked", org.hamcrest.Matchers.equalTo(true))
                .body("contact.unavailable", org.hamcrest.Matchers.equalTo(true));

        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.REQUEST_EVENTS, forge.next(new RequestEvent.Cancelled(id, "不需要了"), resident),
                    forge.next(new RequestEvent.PersonalDataErased(id, ErasureCause.ERASURE_REQUEST, "erasure-1"),
                            new Actor("admin", "admin-1", "admin-1")));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Scenario.caseOf(id).getBoolean("contact.personalDataErased"));
        JsonPath erased = Scenario.caseOf(id).setRootPath("contact");
        assertThat(erased.getBoolean("unavailable")).isFalse();
        assertThat(erased.getString("phone")).isNull();
        assertThat(Sql.count(db, "select count(*) from request_details where request_id = ? and contact_phone is null "
                + "and address is null and requester_name is null and description is null", id)).isEqualTo(1);
    }
}
