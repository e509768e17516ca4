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
import io.sidan.contracts.privacy.MasterKey;
import io.sidan.contracts.privacy.SealedFields;
import org.junit.jupiter.api.Test;

/** The Secrets ./sidan keys prints: per service a signing key its trusted key verifies; a master key that wraps data keys. */
class ClusterKeysTest {

    @Test
    void eachServicesKeySignsWhatItsTrustedKeyVerifies() throws Exception {
        JsonNode secret = new ObjectMapper(new YAMLFactory()).readTree(ClusterKeys.integritySecret("sidan"));
        assertThat(secret.path("kind").asText()).isEqualTo("Secret");
        assertThat(secret.path("metadata").path("name").asText()).isEqualTo("sidan-integrity-keys");
        Map<String, String> trusted = new HashMap<>();
        for (String entry : secret.path("stringData").path("trusted-keys").asText().split(",")) {
            trusted.put(entry.substring(0, entry.indexOf(':')), entry.substring(entry.indexOf(':') + 1));
        }
        assertThat(trusted.keySet()).containsExactlyInAnyOrderElementsOf(ClusterKeys.SERVICES);
        for (String service : ClusterKeys.SERVICES) {
            CheckpointSigned cp = CheckpointSignatures.sign(service, 1, 10, 2, 10, "a".repeat(64), CheckpointSignatures.FIRST, true,
                    Instant.parse("2026-03-01T00:00:00Z"), SigningKeys.privateKey(secret.path("stringData").path(service).asText()),
                    SigningKeys.publicKey(trusted.get(service)));
            assertThat(CheckpointSignatures.verify(cp, SigningKeys.publicKey(trusted.get(service)))).as(service).isTrue();
        }
        assertThat(trusted.values()).doesNotHaveDuplicates();
    }

    @Test
    void thePrivacySecretHoldsAMasterKeyThatWrapsDataKeys() throws Exception {
        JsonNode secret = new ObjectMapper(new YAMLFactory()).readTree(ClusterKeys.privacySecret("sidan"));
        assertThat(secret.path("metadata").path("name").asText()).isEqualTo("sidan-privacy-keys");
        MasterKey master = MasterKey.of(secret.path("stringData").path("master-key").asText());
        SealedFields.DataKey key = SealedFields.DataKey.generate("r-1");
        assertThat(master.unwrap("r-1", master.wrap(key)).key().getEncoded()).isEqualTo(key.key().getEncoded());
        assertThat(ClusterKeys.privacySecret("sidan")).isNotEqualTo(ClusterKeys.privacySecret("sidan"));
    }
}
