package io.sidan.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.contracts.schema.EventSchemas;
import org.junit.jupiter.api.Test;

/**
 * The published event schemas (docs/events/schemas, docs/events/asyncapi.json) are what the records
 * make, and every event the services write validates against them with an independent validator.
 * Run with {@code -Dapprove=true} to write the files after a deliberate change.
 */
class EventSchemasTest {

    private static final Path DOCS = Path.of("../../docs/events");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventCatalogue<SidanEvent> catalogue = EventCatalogue.standard();

    @Test
    void everySampleEventValidatesAgainstItsSchema() throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (SidanEvent event : EventSamples.all()) {
            String type = catalogue.typeOf(event);
            JsonSchema schema = factory.getSchema(EventSchemas.schema(catalogue, type));
            Set<ValidationMessage> errors = schema.validate(JSON.readTree(catalogue.toJson(event)));
            assertThat(errors).as(type).isEmpty();
        }
    }

    @Test
    void aPayloadMissingARequiredFieldOrWithAWrongValueFails() throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        JsonSchema submitted = factory.getSchema(EventSchemas.schema(catalogue, "request.submitted"));
        ObjectNode good = (ObjectNode) JSON.readTree(catalogue.toJson(EventSamples.all().get(0)));
        ObjectNode noTitle = good.deepCopy();
        noTitle.remove("title");
        assertThat(submitted.validate(noTitle)).isNotEmpty();
        ObjectNode badUrgency = good.deepCopy();
        badUrgency.put("urgency", "SOON");
        assertThat(submitted.validate(badUrgency)).isNotEmpty();
        ObjectNode noItem = good.deepCopy();
        noItem.remove("item"); // nullable: may be absent
        noItem.put("addedLater", 1); // unknown fields are allowed
        assertThat(submitted.validate(noItem)).isEmpty();
    }

    @Test
    void thePublishedSchemasAreTheOnesTheRecordsMake() throws IOException {
        boolean approve = Boolean.getBoolean("approve");
        Path dir = DOCS.resolve("schemas");
        List<String> stale = new ArrayList<>();
        for (String type : catalogue.types()) {
            Path file = dir.resolve(EventSchemas.fileName(type, catalogue.currentVersion(type)));
            check(file, EventSchemas.schema(catalogue, type), approve, stale);
        }
        check(DOCS.resolve("asyncapi.json"), EventSchemas.asyncApi(catalogue), approve, stale);
        assertThat(stale).as("stale published schemas (run with -Dapprove=true after a deliberate change)").isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.count()).as("schema files without an event type").isEqualTo(catalogue.types().size());
        }
    }

    @Test
    void theAsyncApiDocumentListsEveryTypeOnItsTopic() {
        JsonNode doc = EventSchemas.asyncApi(catalogue);
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(doc.path("channels").path("sidan-dispatch-events").path("messages").has("CaseAccepted")).isTrue();
        assertThat(doc.path("channels").path("sidan-rating-events").path("messages").has("TeamReputationChanged")).isTrue();
        assertThat(doc.path("components").path("messages").size()).isEqualTo(catalogue.types().size());
    }

    private static void check(Path file, JsonNode expected, boolean approve, List<String> stale) throws IOException {
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(expected) + "\n";
        if (approve) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } else if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            stale.add(file.getFileName().toString());
        }
    }
}
