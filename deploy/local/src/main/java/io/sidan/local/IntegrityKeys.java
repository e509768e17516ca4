package io.sidan.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.sidan.contracts.integrity.SigningKeys;

/**
 * The services' checkpoint signing keys of a local run: made on the first start and kept in the data
 * folder ({@code integrity-keys.properties}), so checkpoints signed before a restart still verify after it.
 * In a cluster they come from a Secret instead (docs/deploy.md).
 */
public final class IntegrityKeys {

    private final Properties keys = new Properties();
    private final List<String> services;

    IntegrityKeys(Path file, List<String> services) {
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
            if (added) {
                Files.createDirectories(file.getParent());
                try (Writer out = Files.newBufferedWriter(file)) {
                    keys.store(out, "Checkpoint signing keys of this local run (Ed25519; private: PKCS#8, public: X.509, base64)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the integrity keys in " + file, e);
        }
        this.services = List.copyOf(services);
    }

    /** The settings of one service: its signing key and every service's public key. */
    Map<String, String> configFor(String service) {
        List<String> trusted = new ArrayList<>();
        for (String s : services) {
            trusted.add(s + ":" + keys.getProperty(s + ".public"));
        }
        return Map.of("sidan.integrity.signing-key", keys.getProperty(service + ".private"),
                "sidan.integrity.trusted-keys", String.join(",", trusted));
    }

    /** A service's public key, base64 of X.509: what {@code ./sidan verify --key} takes. */
    public String publicKey(String service) {
        return keys.getProperty(service + ".public");
    }
}
