package io.sidan.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.sidan.contracts.integrity.SigningKeys;
import io.sidan.contracts.privacy.MasterKey;

/**
 * The keys of a local run: the services' checkpoint signing keys, and the master key that wraps residents'
 * data keys. Made on the first start and kept in the data folder ({@code integrity-keys.properties}), so
 * checkpoints signed before a restart still verify after it and sealed personal data still opens. In a
 * cluster they come from Secrets instead (docs/deploy.md).
 */
public final class LocalKeys {

    /** The services that seal or open personal data: the only ones given the master key. */
    private static final List<String> PERSONAL_DATA_SERVICES = List.of("request-service", "dispatch-service");
    private static final String MASTER_KEY = "privacy.master-key";

    private final Properties keys = new Properties();
    private final List<String> services;

    LocalKeys(Path file, List<String> services) {
        try {
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    keys.load(in);
                }
            }
            boolean added = false;
            for (String service : services) {
                if (!keys.containsKey(service + ".private")) {
                    KeyPair pair = SigningKeys.generate();
                    keys.setProperty(service + ".private", SigningKeys.encode(pair.getPrivate()));
                    keys.setProperty(service + ".public", SigningKeys.encode(pair.getPublic()));
                    added = true;
                }
            }
            if (!keys.containsKey(MASTER_KEY)) {
                keys.setProperty(MASTER_KEY, MasterKey.generate());
                added = true;
            }
            if (added) {
                Files.createDirectories(file.getParent());
                try (Writer out = Files.newBufferedWriter(file)) {
                    keys.store(out, "Keys of this local run: checkpoint signing keys (Ed25519; private: PKCS#8, public: "
                            + "X.509, base64) and the master key of residents' data keys (AES-256, base64)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the integrity keys in " + file, e);
        }
        this.services = List.copyOf(services);
    }

    /** The settings of one service: its signing key, every service's public key, the master key if it needs it. */
    Map<String, String> configFor(String service) {
        List<String> trusted = new ArrayList<>();
        for (String s : services) {
            trusted.add(s + ":" + keys.getProperty(s + ".public"));
        }
        Map<String, String> config = new HashMap<>();
        config.put("sidan.integrity.signing-key", keys.getProperty(service + ".private"));
        config.put("sidan.integrity.trusted-keys", String.join(",", trusted));
        if (PERSONAL_DATA_SERVICES.contains(service)) {
            config.put("sidan.privacy.master-key", keys.getProperty(MASTER_KEY));
        }
        return config;
    }

    /** A service's public key, base64 of X.509: what {@code ./sidan verify --key} takes. */
    public String publicKey(String service) {
        return keys.getProperty(service + ".public");
    }

    /** The master key of residents' data keys, base64: what {@code SIDAN_PRIVACY_MASTER_KEY} takes. */
    public String masterKey() {
        return keys.getProperty(MASTER_KEY);
    }
}
