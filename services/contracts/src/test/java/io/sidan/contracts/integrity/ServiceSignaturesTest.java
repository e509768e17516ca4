package io.sidan.contracts.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceSignaturesTest {

    private final KeyPair dispatch = SigningKeys.generate();
    private final KeyPair stranger = SigningKeys.generate();
    private final Map<String, java.security.PublicKey> trusted = Map.of("dispatch-service", dispatch.getPublic());
    private final Instant now = Instant.parse("2026-12-01T04:00:00Z");

    @Test
    void aTrustedServiceIsRecognised() {
        String header = ServiceSignatures.sign("dispatch-service", dispatch.getPrivate(), "GET", "/api/internal/data-keys/r1", now);

        assertThat(ServiceSignatures.verify(header, trusted, "GET", "/api/internal/data-keys/r1", now.plusSeconds(30)))
                .contains("dispatch-service");
    }

    @Test
    void anotherPathAnOldSignatureAStrangersKeyOrGarbageAreRefused() {
        String header = ServiceSignatures.sign("dispatch-service", dispatch.getPrivate(), "GET", "/api/internal/data-keys/r1", now);
        String forged = ServiceSignatures.sign("dispatch-service", stranger.getPrivate(), "GET", "/api/internal/data-keys/r1", now);

        assertThat(ServiceSignatures.verify(header, trusted, "GET", "/api/internal/data-keys/r2", now)).isEmpty();
        assertThat(ServiceSignatures.verify(header, trusted, "GET", "/api/internal/data-keys/r1", now.plusSeconds(61))).isEmpty();
        assertThat(ServiceSignatures.verify(header, trusted, "GET", "/api/internal/data-keys/r1", now.minusSeconds(61))).isEmpty();
        assertThat(ServiceSignatures.verify(forged, trusted, "GET", "/api/internal/data-keys/r1", now)).isEmpty();
        assertThat(ServiceSignatures.verify(header.replace("dispatch-service", "rating-service"), trusted, "GET",
                "/api/internal/data-keys/r1", now)).isEmpty();
        assertThat(ServiceSignatures.verify("service=dispatch-service;time=x;signature=%%", trusted, "GET", "/p", now)).isEmpty();
        assertThat(ServiceSignatures.verify("nonsense", trusted, "GET", "/p", now)).isEmpty();
        assertThat(ServiceSignatures.verify(null, trusted, "GET", "/p", now)).isEmpty();
    }
}
