package io.sidan.rating;

import org.junit.jupiter.api.Test;

import io.sidan.testing.Layers;

/** The layer rules ({@link Layers}) hold for the rating service's main classes. */
class LayersTest {

    @Test
    void theLayersDependOnlyAsDesigned() {
        Layers.check("io.sidan.rating");
    }
}
