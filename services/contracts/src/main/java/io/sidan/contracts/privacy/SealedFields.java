package io.sidan.contracts.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Personal fields as events carry them: sealed with the data key of their request (AES-256-GCM), so that
 * deleting the key erases them everywhere a copy went (the event store, Kafka, other services' read
 * models, backups) while every hash chain still holds: chains hash what is stored, and that never changes.
 * <p>
 * A sealed field is {@code sealed:v1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>}. The key id and the
 * field's name are the cipher's associated data, so a sealed phone number cannot be passed off as another
 * request's, or as an address. Values recorded before sealing existed are plain text and read as they are.
 */
public final class SealedFields {

    public static final String PREFIX = "sealed:v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedFields() {
    }

    /** A request's data key: the key id is the request id. */
    public record DataKey(String id, SecretKey key) {
        public DataKey {
            if (id == null || id.isBlank() || id.contains(":")) {
                throw new IllegalArgumentException("a data key id must be non-blank and free of ':'");
            }
        }

        public static DataKey generate(String id) {
            try {
                KeyGenerator generator = KeyGenerator.getInstance("AES");
                generator.init(256, RANDOM);
                return new DataKey(id, generator.generateKey());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES is missing from this JVM", e);
            }
        }

        public static DataKey of(String id, byte[] raw) {
            return new DataKey(id, new SecretKeySpec(raw, "AES"));
        }

        @Override
        public String toString() { // never the key itself in a log line
            return "DataKey[" + id + "]";
        }
    }

    /** What reading a field gives: its text, or that it was sealed with a key that is gone (erased). */
    public sealed interface Opened {
        record Text(String value) implements Opened {
        }

        record Erased() implements Opened {
        }
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** The id of the key a sealed value needs, or empty for plain text. */
    public static Optional<String> keyId(String value) {
        if (!isSealed(value)) {
            return Optional.empty();
        }
        int end = value.indexOf(':', PREFIX.length());
        return end < 0 ? Optional.empty() : Optional.of(value.substring(PREFIX.length(), end));
    }

    /** Seals {@code text} as the field {@code field}; null stays null (an absent field has nothing to hide). */
    public static String seal(DataKey key, String field, String text) {
        if (text == null) {
            return null;
        }
        byte[] sealed = AesGcm.seal(key.key(), associated(key, field), text.getBytes(StandardCharsets.UTF_8));
        return PREFIX + key.id() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    /**
     * Opens a field: plain text as it is; a sealed value with its key; with no key ({@code key == null},
     * it was erased) {@link Opened.Erased}. A value that does not open with its own key was altered:
     * that is an error, not an erasure.
     */
    public static Opened open(DataKey key, String field, String value) {
        if (!isSealed(value)) {
            return new Opened.Text(value);
        }
        String id = keyId(value).orElseThrow(() -> new IllegalArgumentException("a sealed " + field + " without a key id"));
        if (key == null) {
            return new Opened.Erased();
        }
        if (!key.id().equals(id)) {
            throw new IllegalArgumentException("the " + field + " is sealed with key " + id + ", not " + key.id());
        }
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(value.substring(PREFIX.length() + id.length() + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed " + field + " is not base64url", e);
        }
        try {
            return new Opened.Text(new String(AesGcm.open(key.key(), associated(key, field), sealed), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed " + field + " of " + key.id() + " was altered or sealed as another field", e);
        }
    }

    /** The text of a field, or null when it was erased (or absent). */
    public static String text(DataKey key, String field, String value) {
        return open(key, field, value) instanceof Opened.Text t ? t.value() : null;
    }

    private static byte[] associated(DataKey key, String field) {
        return (key.id() + "/" + field).getBytes(StandardCharsets.UTF_8);
    }
}
