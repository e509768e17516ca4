package io.sidan.contracts.integrity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;

import io.sidan.contracts.envelope.HashChain;
import io.sidan.contracts.events.IntegrityEvent.CheckpointSigned;

/**
 * Signing and checking checkpoints. What is signed is the canonical text
 * {@code sidan-checkpoint/1}, service, sequence, position, streams, events, root, previous, previousHolds,
 * signedAt (ISO-8601 UTC), keyId, accessLogSeq and accessLogHash ({@code -} when the access log is empty),
 * one per line; a checkpoint's digest (what the next one names as
 * {@code previous}) is SHA-256 over that text, a line break and the signature.
 */
public final class CheckpointSignatures {

    /** The {@code previous} of a service's first checkpoint. */
    public static final String FIRST = HashChain.GENESIS;

    private CheckpointSignatures() {
    }

    /** Signs a checkpoint's content with the service's key (a service whose access log is empty). */
    public static CheckpointSigned sign(String service, long sequence, long position, long streams, long events, String root,
                                        String previous, boolean previousHolds, Instant signedAt, PrivateKey key,
                                        PublicKey publicKey) {
        return sign(new CheckpointSigned(service, sequence, position, streams, events, root, previous, previousHolds, signedAt,
                "", ""), key, publicKey);
    }

    /** Signs a checkpoint's content (its key id and signature are filled in) with the service's key. */
    public static CheckpointSigned sign(CheckpointSigned content, PrivateKey key, PublicKey publicKey) {
        CheckpointSigned unsigned = content.withSignature(SigningKeys.keyId(publicKey), "");
        String service = content.service();
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(key);
            ed.update(canonical(unsigned).getBytes(StandardCharsets.UTF_8));
            CheckpointSigned signed = unsigned.withSignature(unsigned.keyId(), Base64.getEncoder().encodeToString(ed.sign()));
            if (!verify(signed, publicKey)) {
                throw new IllegalStateException("the signing key of " + service + " does not belong to its public key "
                        + unsigned.keyId());
            }
            return signed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519: " + e.getMessage(), e);
        }
    }

    /** Whether the checkpoint was signed by this key and not changed since. */
    public static boolean verify(CheckpointSigned c, PublicKey key) {
        if (!SigningKeys.keyId(key).equals(c.keyId())) {
            return false;
        }
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initVerify(key);
            ed.update(canonical(c).getBytes(StandardCharsets.UTF_8));
            return ed.verify(Base64.getDecoder().decode(c.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a signature that is not even base64 or of the wrong length is simply not valid
        }
    }

    /** What the next checkpoint names as {@code previous}. */
    public static String digest(CheckpointSigned c) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((canonical(c) + "\n" + c.signature())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String canonical(CheckpointSigned c) {
        return String.join("\n", "sidan-checkpoint/1", c.service(), Long.toString(c.sequence()), Long.toString(c.position()),
                Long.toString(c.streams()), Long.toString(c.events()), c.root(), c.previous(), Boolean.toString(c.previousHolds()),
                DateTimeFormatter.ISO_INSTANT.format(c.signedAt()), c.keyId(),
                c.accessLogSeq() == null ? "-" : Long.toString(c.accessLogSeq()), c.accessLogHash() == null ? "-" : c.accessLogHash());
    }
}
