package io.sidan.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenApiLintTest {

    private static final String CLEAN = """
            {"openapi": "3.1.0", "info": {"title": "t", "version": "1", "description": "d"},
             "servers": [{"url": "http://localhost:8081"}], "tags": [{"name": "Requests"}],
             "paths": {"/api/requests/{id}": {"get": {"operationId": "getRequest", "summary": "s", "description": "d",
               "tags": ["Requests"], "security": [],
               "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
               "responses": {"200": {"description": "ok", "headers": {"ETag": {"schema": {"type": "string"}}}},
                             "404": {"description": "none"}}}}}}
            """;

    @Test
    void aDocumentAsAGeneratorWantsItLintsClean() {
        assertThat(OpenApiLint.findings(CLEAN)).isEmpty();
    }

    @Test
    void whatAGeneratedClientWouldStumbleOverIsNamed() {
        String broken = CLEAN.replace("\"operationId\": \"getRequest\", ", "").replace("\"servers\": [{\"url\": \"http://localhost:8081\"}]",
                "\"servers\": []").replace("{\"schema\": {\"type\": \"string\"}}}", "{}}").replace("\"security\": [],", "")
                .replace("\"name\": \"id\"", "\"name\": \"requestId\"");
        assertThat(OpenApiLint.findings(broken)).containsExactlyInAnyOrder(
                "servers is empty",
                "GET /api/requests/{id}: no operationId",
                "GET /api/requests/{id}: {id} is not declared as a path parameter",
                "GET /api/requests/{id}: header ETag of 200 has no schema",
                "GET /api/requests/{id}: does not say how it is secured (security: [] for a public operation)");
        assertThat(OpenApiLint.findings(CLEAN.replace("getRequest", "requestsIdGet")))
                .containsExactly("GET /api/requests/{id}: operationId requestsIdGet is not verb-first camelCase");
    }

    @Test
    void spectralAndRedoclyPassTheCleanDocumentAndNameWhatBreaksAnother() {
        OpenApiLint.LinterReport clean = OpenApiLint.lintWithSpectralAndRedocly(CLEAN);
        assertThat(clean.clean()).as(clean.output()).isTrue();
        // a path parameter that the path does not declare is an error for both linters
        OpenApiLint.LinterReport broken = OpenApiLint.lintWithSpectralAndRedocly(CLEAN.replace("\"name\": \"id\"", "\"name\": \"requestId\""));
        assertThat(broken.clean()).isFalse();
        assertThat(broken.output()).contains("requestId");
    }
}
