package io.sidan.kit.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Personal data: the master key that wraps every request's data key (docs/architecture.md, "Personal data and erasure"). */
@ConfigMapping(prefix = "sidan.privacy")
public interface PrivacyConfig {

    /**
     * base64 of a 32-byte AES key, from a Secret; the request and dispatch services need it (they open
     * sealed personal fields), the rating service does not. {@code ./sidan keys} prints one.
     */
    Optional<String> masterKey();
}
