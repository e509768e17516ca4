package io.sidan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Signed bearer tokens shaped like the ones Keycloak issues for the {@code sidan} realm: subject,
 * {@code preferred_username}, realm roles under {@code realm_access.roles}, and {@code team_id} for
 * team accounts. Services under test verify them for real with the matching public key (see
 * {@link #oidcConfig()}), so authentication and role checks are exercised, not bypassed.
 */
public final class TestTokens {

    public static final String ISSUER = "https://sidan.test/realms/sidan";

    private static final String PRIVATE_KEY_PEM = read("sidan-test-keys/private.pem");
    private static final String PUBLIC_KEY_PEM = read("sidan-test-keys/public.pem");
    private static final PrivateKey PRIVATE_KEY = parsePrivateKey(PRIVATE_KEY_PEM);

    private TestTokens() {
    }

    /** Configuration that makes {@code quarkus-oidc} verify these tokens locally. */
    public static Map<String, String> oidcConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.auth-server-url", "");
        config.put("quarkus.oidc.discovery-enabled", "false");
        config.put("quarkus.oidc.public-key", base64Body(PUBLIC_KEY_PEM));
        config.put("quarkus.oidc.token.issuer", ISSUER);
        return config;
    }

    public static String resident(String id) {
        return token(id, id, null, "resident");
    }

    public static String dispatcher(String id) {
        return token(id, id, null, "dispatcher");
    }

    public static String team(String id, String teamId) {
        return token(id, id, teamId, "team");
    }

    public static String reviewer(String id) {
        return token(id, id, null, "reviewer");
    }

    public static String admin(String id) {
        return token(id, id, null, "admin");
    }

    /** A token for any subject, user name, team and realm roles. */
    public static String token(String subject, String username, String teamId, String... roles) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .subject(subject)
                .claim("preferred_username", username)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .claim("typ", "Bearer")
                .expiresIn(3600);
        if (teamId != null) {
            claims.claim("team_id", teamId);
        }
        return claims.jws().keyId("sidan-test").sign(PRIVATE_KEY);
    }

    /** A token signed by a key nobody trusts. */
    public static String forged(String subject, String role) {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return Jwt.issuer(ISSUER).subject(subject).claim("preferred_username", subject)
                    .claim("realm_access", Map.of("roles", List.of(role))).expiresIn(3600)
                    .sign(g.generateKeyPair().getPrivate());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid token that expires at {@code epochSecond}. */
    public static String expiringAt(long epochSecond, String subject, String role) {
        return Jwt.issuer(ISSUER).subject(subject).claim("preferred_username", subject)
                .claim("realm_access", Map.of("roles", List.of(role))).claim("typ", "Bearer")
                .issuedAt(System.currentTimeMillis() / 1000).expiresAt(epochSecond).jws().keyId("sidan-test").sign(PRIVATE_KEY);
    }

    /** An otherwise valid token that expired an hour ago. */
    public static String expired(String subject, String role) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER).subject(subject).claim("preferred_username", subject)
                .claim("realm_access", Map.of("roles", List.of(role)))
                .issuedAt(now - 7200).expiresAt(now - 3600).jws().keyId("sidan-test").sign(PRIVATE_KEY);
    }

    private static String read(String resource) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Body(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private static PrivateKey parsePrivateKey(String pem) {
        try {
            byte[] der = Base64.getDecoder().decode(base64Body(pem));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("bad test key", e);
        }
    }
}
