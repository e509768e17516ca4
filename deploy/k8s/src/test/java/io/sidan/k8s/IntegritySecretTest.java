package io.sidan.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sidan.contracts.events.IntegrityEvent.CheckpointSigned;
import io.sidan.contracts.integrity.CheckpointSignatures;
import io.sidan.contracts.integrity.SigningKeys;
import org.junit.jupiter.api.Test;

/** The Secret ./sidan keys prints holds, per service, a signing key whose checkpoints its trusted key verifies. */
class IntegritySecretTest {

    @Test
    void eachServicesKeySignsWhatItsTrustedKeyVerifies() throws Exception {
        JsonNode secret = new ObjectMapper(new YAMLFactory()).readTree(IntegritySecret.yaml("sidan"));
        assertThat(secret.path("kind").asText()).isEqualTo("Secret");
        assertThat(secret.path("metadata").path("name").asText()).isEqualTo("sidan-integrity-keys");
        Map<String, String> trusted = new HashMap<>();
        for (String entry : secret.path("stringData").path("trusted-keys").asText().split(",")) {
            trusted.put(entry.substring(0, entry.indexOf(':')), entry.substring(entry.indexOf(':') + 1));
        }
        assertThat(trusted.keySet()).containsExactlyInAnyOrderElementsOf(IntegritySecret.SERVICES);
        for (String service : IntegritySecret.SERVICES) {
            CheckpointSigned cp = CheckpointSignatures.sign(service, 1, 10, 2, 10, "a".repeat(64), CheckpointSignatures.FIRST, true,
                    Instant.parse("2026-03-01T00:00:00Z"), SigningKeys.privateKey(secret.path("stringData").path(service).asText()),
                    SigningKeys.publicKey(trusted.get(service)));
            assertThat(CheckpointSignatures.verify(cp, SigningKeys.publicKey(trusted.get(service)))).as(service).isTrue();
        }
        assertThat(trusted.values()).doesNotHaveDuplicates();
    }
}
