package io.sidan.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.envelope.UnknownEventException;
import io.sidan.contracts.events.EventType;
import org.junit.jupiter.api.Test;

/** The upcaster hook, on a small family whose one event is at schema version 3. */
class UpcasterTest {

    sealed interface ParcelEvent {
        /** v1 had {@code weight} in grams as text; v2 made it a number; v3 renamed it {@code grams}. */
        @EventType(name = "parcel.weighed", version = 3)
        record Weighed(String parcel, int grams) implements ParcelEvent {
        }
    }

    private final EventCatalogue<ParcelEvent> catalogue = EventCatalogue.of(ParcelEvent.class)
            .withUpcaster("parcel.weighed", 1, json -> json.put("weight", Integer.parseInt(json.get("weight").asText())))
            .withUpcaster("parcel.weighed", 2, json -> {
                json.set("grams", json.remove("weight"));
                return json;
            });

    @Test
    void oldPayloadsAreUpcastStepByStepToTheCurrentRecord() {
        ParcelEvent.Weighed current = new ParcelEvent.Weighed("p1", 1200);
        assertThat(catalogue.decode("parcel.weighed", 1, "{\"parcel\":\"p1\",\"weight\":\"1200\"}")).contains(current);
        assertThat(catalogue.decode("parcel.weighed", 2, "{\"parcel\":\"p1\",\"weight\":1200}")).contains(current);
        assertThat(catalogue.decode("parcel.weighed", 3, "{\"parcel\":\"p1\",\"grams\":1200}")).contains(current);
    }

    @Test
    void aMissingStepIsAnError() {
        EventCatalogue<ParcelEvent> withoutSteps = EventCatalogue.of(ParcelEvent.class);
        assertThatThrownBy(() -> withoutSteps.decode("parcel.weighed", 1, "{\"parcel\":\"p1\",\"weight\":\"1\"}"))
                .isInstanceOf(UnknownEventException.class).hasMessageContaining("no upcaster");
    }

    @Test
    void upcastersOnlyFitExistingVersions() {
        assertThatThrownBy(() -> catalogue.withUpcaster("parcel.weighed", 3, json -> json))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> catalogue.withUpcaster("parcel.lost", 1, json -> json))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
