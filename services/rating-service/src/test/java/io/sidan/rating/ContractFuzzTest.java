package io.sidan.rating;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.sidan.testing.OpenApiFuzzer;
import io.sidan.testing.OpenApiLint;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.Test;

/** The API against its own published OpenAPI document, plausible and broken requests alike, as every role. */
@QuarkusTest
class ContractFuzzTest {

    @Test
    void everyAnswerIsDocumentedNoneIsAServerErrorAndBrokenRequestsAreRefused() {
        String openApi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        OpenApiFuzzer fuzzer = new OpenApiFuzzer(openApi, Map.of("requestId", UUID.randomUUID().toString(),
                "teamId", "red-vest", "volunteerId", "v-zhang-wei"));
        List<String> findings = fuzzer.run(List.of(TestTokens.resident("r-fuzz"), TestTokens.dispatcher("d-fuzz"),
                TestTokens.admin("a-fuzz"), TestTokens.team("t-fuzz", "red-vest"), TestTokens.reviewer("rv-fuzz")));
        assertThat(fuzzer.requests()).isGreaterThan(200);
        assertThat(findings).isEmpty();
    }

    @Test
    void thePublishedDocumentLintsCleanForClientGenerators() {
        String openApi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(OpenApiLint.findings(openApi)).isEmpty();
        OpenApiLint.LinterReport linters = OpenApiLint.lintWithSpectralAndRedocly(openApi);
        System.out.println(linters.output()); // their warnings, for whoever improves the document next
        assertThat(linters.clean()).as("Spectral and Redocly find no error:%n%s", linters.output()).isTrue();
    }
}
