package io.sidan.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.envelope.UnknownEventException;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.EventSummaries;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SidanEvent;
import org.junit.jupiter.api.Test;

class EventCatalogueTest {

    private static final Path APPROVED = Path.of("src/test/resources/approved");
    private final EventCatalogue<SidanEvent> catalogue = EventCatalogue.standard();

    @Test
    void samplesCoverEveryEventTypeOnce() {
        List<String> sampled = EventSamples.all().stream().map(catalogue::typeOf).toList();
        assertThat(sampled).doesNotHaveDuplicates();
        assertThat(Set.copyOf(sampled)).isEqualTo(catalogue.types());
    }

    @Test
    void typeNamesAreStableLowercaseDottedNames() {
        assertThat(catalogue.types()).allMatch(t -> t.matches("[a-z]+\\.[a-z]+(-[a-z]+)*"));
        assertThat(catalogue.types()).contains("request.submitted", "case.accept-expired", "service.completed",
                "rating.finalized", "points.awarded", "team.reputation-changed", "team.registered");
    }

    /**
     * Pins the JSON of every event type. A change here breaks every consumer that reads the old shape:
     * make it additive (new optional fields) or raise the schema version and add an upcaster. Run with
     * {@code -Dapprove=true} to accept a deliberate change.
     */
    @Test
    void jsonOfEveryEventTypeMatchesItsApprovedFile() throws IOException {
        boolean approve = Boolean.getBoolean("approve");
        List<String> mismatches = new ArrayList<>();
        for (SidanEvent event : EventSamples.all()) {
            String type = catalogue.typeOf(event);
            String json = catalogue.toJson(event) + "\n";
            Path file = APPROVED.resolve(type + ".v" + catalogue.versionOf(event) + ".json");
            if (approve) {
                Files.writeString(file, json, StandardCharsets.UTF_8);
                continue;
            }
            String approved = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(missing)";
            if (!approved.equals(json)) {
                mismatches.add(type + "\n  approved: " + approved.strip() + "\n  actual:   " + json.strip());
            }
        }
        assertThat(mismatches).as("event JSON differs from the approved files").isEmpty();
        Set<String> files;
        try (var listing = Files.list(APPROVED)) {
            files = listing.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertThat(files).as("approved files without an event type").hasSize(catalogue.types().size());
    }

    @Test
    void everyEventReadsBackEqualFromItsJson() {
        for (SidanEvent event : EventSamples.all()) {
            String type = catalogue.typeOf(event);
            assertThat(catalogue.decode(type, catalogue.versionOf(event), catalogue.toJson(event)))
                    .as(type).contains(event);
        }
    }

    @Test
    void unknownTypesAreSkippedAndNewerSchemasAreRefused() {
        assertThat(catalogue.decode("request.teleported", 1, "{}")).isEmpty();
        assertThatThrownBy(() -> catalogue.decode("request.cancelled", 2, "{\"requestId\":\"x\"}"))
                .isInstanceOf(UnknownEventException.class).hasMessageContaining("newer");
        assertThatThrownBy(() -> catalogue.decode("request.cancelled", 1, "[1,2]"))
                .isInstanceOf(UnknownEventException.class);
        assertThatThrownBy(() -> catalogue.decode("request.cancelled", 1, "{not json"))
                .isInstanceOf(UnknownEventException.class);
    }

    @Test
    void unknownPropertiesFromANewerProducerAreIgnored() {
        assertThat(catalogue.decode("request.cancelled", 1,
                "{\"requestId\":\"r1\",\"reason\":\"done\",\"addedLater\":true}"))
                .contains(new RequestEvent.Cancelled("r1", "done"));
    }

    @Test
    void everyEventGoesToTheTopicOfItsProducer() {
        for (SidanEvent event : EventSamples.all()) {
            String type = catalogue.typeOf(event);
            String expected = switch (type.substring(0, type.indexOf('.'))) {
                case "request", "catalogue", "erasure", "calendar" -> Topics.REQUEST_EVENTS;
                case "case", "service" -> Topics.DISPATCH_EVENTS;
                case "rating", "points" -> Topics.RATING_EVENTS;
                case "team" -> type.equals("team.reputation-changed") ? Topics.RATING_EVENTS : Topics.TEAM_EVENTS;
                case "integrity" -> Topics.INTEGRITY_EVENTS;
                default -> throw new AssertionError("no topic rule for " + type);
            };
            assertThat(Topics.of(event)).as(type).isEqualTo(expected);
        }
    }

    @Test
    void everyEventTypeHasASummaryInBothLanguages() {
        for (SidanEvent event : EventSamples.all()) {
            EventSummaries.Summary summary = EventSummaries.of(event, ZoneId.of("Asia/Shanghai"));
            assertThat(summary.zh()).as(catalogue.typeOf(event)).isNotBlank();
            assertThat(summary.en()).as(catalogue.typeOf(event)).isNotBlank();
        }
    }

    @Test
    void timesInSummariesAreWrittenForPeopleInTheCentresZone() {
        // 16:30 UTC on the last day of March is 00:30 on 1 April in Shanghai
        CaseEvent.Assigned assigned = new CaseEvent.Assigned("r", "red-vest", DispatchMode.DIRECTIVE,
                Instant.parse("2026-03-31T16:30:00Z"), 1, null);
        EventSummaries.Summary summary = EventSummaries.of(assigned, ZoneId.of("Asia/Shanghai"));
        assertThat(summary.zh()).endsWith("接单时限 2026-04-01 00:30").doesNotContain("T16:30");
        assertThat(summary.en()).endsWith("accept by 2026-04-01 00:30");
        assertThat(EventSummaries.of(assigned, ZoneId.of("UTC")).en()).endsWith("accept by 2026-03-31 16:30");
    }
}
