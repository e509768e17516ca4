package io.sidan.dispatch;

import org.junit.jupiter.api.Test;

import io.sidan.testing.Layers;

/** The layer rules ({@link Layers}) hold for the dispatch service's main classes. */
class LayersTest {

    @Test
    void theLayersDependOnlyAsDesigned() {
        Layers.check("io.sidan.dispatch");
    }
}
