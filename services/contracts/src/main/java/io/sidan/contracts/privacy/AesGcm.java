package io.sidan.contracts.privacy;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** AES-GCM as Sidan uses it: a random 96-bit nonce in front of the ciphertext and its 128-bit tag. */
final class AesGcm {

    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {
    }

    /** nonce ‖ ciphertext ‖ tag of {@code plain}, bound to {@code associated}. */
    static byte[] seal(SecretKey key, byte[] associated, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key, associated, nonce, plain);
        return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    }

    /** The plain bytes; an {@link IllegalArgumentException} when they were altered, sealed with another key or other data. */
    static byte[] open(SecretKey key, byte[] associated, byte[] sealed) {
        if (sealed.length < NONCE_BYTES + TAG_BYTES) {
            throw new IllegalArgumentException("too short to be sealed");
        }
        return crypt(Cipher.DECRYPT_MODE, key, associated, Arrays.copyOfRange(sealed, 0, NONCE_BYTES),
                Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length));
    }

    private static byte[] crypt(int mode, SecretKey key, byte[] associated, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(associated);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("altered, or sealed with another key or for something else", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }
}
