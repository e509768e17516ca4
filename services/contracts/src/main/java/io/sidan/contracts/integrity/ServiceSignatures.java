package io.sidan.contracts.integrity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How one service proves to another who is calling: the header {@value #HEADER} holds
 * {@code service=<name>;time=<epoch seconds>;signature=<base64>}, an Ed25519 signature with the caller's
 * checkpoint signing key over the service, the time, the method and the path. The callee checks it
 * with the caller's public key from {@code sidan.integrity.trusted-keys} and refuses calls older or
 * newer than a minute, so a captured header is of little use for long.
 */
public final class ServiceSignatures {

    public static final String HEADER = "Sidan-Service-Signature";
    public static final Duration MAX_SKEW = Duration.ofMinutes(1);

    private ServiceSignatures() {
    }

    public static String sign(String service, PrivateKey key, String method, String path, Instant now) {
        long time = now.getEpochSecond();
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(signed(service, time, method, path));
            return "service=" + service + ";time=" + time + ";signature="
                    + Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** The calling service's name when the header is well formed, recent and signed by a trusted key. */
    public static Optional<String> verify(String header, Map<String, PublicKey> trusted, String method, String path,
                                          Instant now) {
        if (header == null) {
            return Optional.empty();
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        String service = parts.get("service");
        PublicKey key = service == null ? null : trusted.get(service);
        if (key == null || parts.get("time") == null || parts.get("signature") == null) {
            return Optional.empty();
        }
        try {
            long time = Long.parseLong(parts.get("time"));
            if (Duration.between(Instant.ofEpochSecond(time), now).abs().compareTo(MAX_SKEW) > 0) {
                return Optional.empty();
            }
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signed(service, time, method, path));
            return verifier.verify(Base64.getDecoder().decode(parts.get("signature"))) ? Optional.of(service) : Optional.empty();
        } catch (IllegalArgumentException | GeneralSecurityException e) { // not a number, not base64, not a signature
            return Optional.empty();
        }
    }

    private static byte[] signed(String service, long time, String method, String path) {
        return (service + "\n" + time + "\n" + method + "\n" + path).getBytes(StandardCharsets.UTF_8);
    }
}
