package io.sidan.kit.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How callers' bearer tokens are checked, beyond what {@code quarkus.oidc} says. */
@ConfigMapping(prefix = "sidan.security")
public interface SecurityConfig {

    VerifiedTokens verifiedTokens();

    interface VerifiedTokens {

        /**
         * How long a verified bearer token is admitted again without verifying it (never past its expiry); also how
         * long its tokens stay admitted after the identity provider withdraws a key. 0 verifies every request.
         */
        @WithDefault("60s")
        Duration maxAge();

        /** At most this many tokens are remembered (a token is a few hundred bytes and its claims). */
        @WithDefault("10000")
        int maxEntries();
    }
}
