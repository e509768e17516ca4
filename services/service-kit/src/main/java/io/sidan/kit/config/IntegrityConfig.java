package io.sidan.kit.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tamper evidence: this service's checkpoint signing key and every service's public key (docs/architecture.md). */
@ConfigMapping(prefix = "sidan.integrity")
public interface IntegrityConfig {

    /**
     * This service's Ed25519 private key, base64 of PKCS#8, from a Secret. Without one the service signs no
     * checkpoints (and says so in its integrity report and log); it still witnesses the others'.
     */
    Optional<String> signingKey();

    /**
     * Every service's public key (its own included), as {@code <service>:<base64 of X.509>}, comma-separated:
     * what checkpoints are checked against. Public: a ConfigMap is the place.
     */
    Optional<List<String>> trustedKeys();

    /** How often a checkpoint is signed (when something was recorded since the last). */
    @WithDefault("10m")
    Duration checkpointEvery();

    /**
     * How old an event must be before a checkpoint covers it: longer than any transaction may run (the
     * transaction timeout, 60 s by default), so no event can still appear below a signed position.
     */
    @WithDefault("2m")
    Duration settle();

    /**
     * How often a checkpoint also checks that the store itself still gives the previous checkpoint's root: a
     * read of every event (about a minute at a million requests). Between those, a checkpoint reads only the
     * events recorded since the last one and the heads it signed (docs/architecture.md, "Tamper evidence").
     */
    @WithDefault("24h")
    Duration storeCheckEvery();
}
