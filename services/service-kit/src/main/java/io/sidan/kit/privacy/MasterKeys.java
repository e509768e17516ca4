package io.sidan.kit.privacy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.sidan.contracts.privacy.MasterKey;
import io.sidan.kit.config.PrivacyConfig;

/** The master key as a bean, for the services that open sealed personal fields. */
@ApplicationScoped
public class MasterKeys {

    @Produces
    @Singleton
    MasterKey masterKey(PrivacyConfig config) {
        return MasterKey.of(config.masterKey().orElseThrow(() -> new IllegalStateException(
                "sidan.privacy.master-key (SIDAN_PRIVACY_MASTER_KEY) is not set: this service seals or opens residents' "
                        + "personal data and needs the master key; ./sidan keys prints one")));
    }
}
