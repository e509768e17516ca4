package io.sidan.contracts.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that wraps every data key (AES-256-GCM, the data key's id as associated data), from the
 * configuration or the cluster's Secret. Data keys are only ever stored or sent wrapped; only the services
 * that hold this key (request and dispatch) can unwrap them.
 */
public final class MasterKey {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private MasterKey(SecretKey key) {
        this.key = key;
    }

    /** A key from its base64 form (32 bytes). */
    public static MasterKey of(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the master key is not base64: " + e.getMessage(), e);
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes (AES-256), not " + raw.length);
        }
        return new MasterKey(new SecretKeySpec(raw, "AES"));
    }

    /** A new random key in its base64 form, as {@code ./sidan keys} and the local run make it. */
    public static String generate() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, RANDOM);
            return Base64.getEncoder().encodeToString(generator.generateKey().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is missing from this JVM", e);
        }
    }

    /** base64(nonce ‖ wrapped key ‖ tag). */
    public String wrap(SealedFields.DataKey dataKey) {
        return Base64.getEncoder().encodeToString(AesGcm.seal(key, dataKey.id().getBytes(StandardCharsets.UTF_8),
                dataKey.key().getEncoded()));
    }

    public SealedFields.DataKey unwrap(String id, String wrapped) {
        try {
            return SealedFields.DataKey.of(id, AesGcm.open(key, id.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(wrapped)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the data key " + id + " was not wrapped by this master key", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[hidden]";
    }
}
