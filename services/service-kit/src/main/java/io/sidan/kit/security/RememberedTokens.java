package io.sidan.kit.security;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.sidan.kit.config.SecurityConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A caller's next requests with a bearer token already verified skip the verification: the signature check and
 * the claims parsed twice were about a fifth of the request service's CPU per submit. Asked before the OIDC
 * provider, this one answers for a token it remembers and passes the others on; the augmentor remembers each
 * identity the OIDC provider verified. A token is remembered until it expires and for at most
 * {@code sidan.security.verified-tokens.max-age}: a key the identity provider withdraws stops admitting its
 * tokens within that time (a JWT is otherwise good until it expires; no revocation is checked either way). A
 * token that fails verification is never remembered.
 */
@ApplicationScoped
public class RememberedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    /** Marks an identity this provider gave, so it is not remembered again. */
    private static final String REMEMBERED = "sidan.remembered-token";

    private final VerifiedTokens<Verified> tokens;
    private final Counter remembered;
    private final Counter verified;

    /** What a verification gave that a later request with the token needs: who, in which roles, and the rest said of them. */
    private record Verified(Principal principal, Set<String> roles, Map<String, Object> attributes) {
    }

    public RememberedTokens(SecurityConfig config, MeterRegistry registry) {
        // the real time, as the OIDC provider checks expiry by it (a service's own clock may be moved in tests)
        this.tokens = new VerifiedTokens<>(config.verifiedTokens().maxAge(), config.verifiedTokens().maxEntries(),
                Clock.systemUTC());
        this.remembered = admitted("remembered", registry);
        this.verified = admitted("verified", registry);
    }

    private static Counter admitted(String check, MeterRegistry registry) {
        return Counter.builder("sidan.security.tokens").tag("check", check)
                .description("bearer tokens admitted, by how: verified, or remembered from an earlier verification")
                .register(registry);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before the OIDC provider (the default priority), which then verifies every token not remembered. */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return tokens.recall(request.getToken().getToken())
                .map(known -> Uni.createFrom().item(identity(known, request, context)))
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    /** A fresh identity for this request: its own credential and contexts, nothing of the earlier request. */
    private SecurityIdentity identity(Verified known, TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        remembered.increment();
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(known.principal())
                .addRoles(known.roles()).addCredential(request.getToken()).addAttributes(known.attributes())
                .addAttribute(AuthenticationRequestContext.class.getName(), context).addAttribute(REMEMBERED, true);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            identity.addAttribute(RoutingContext.class.getName(), routing);
        }
        return identity.build();
    }

    /** Remembers each identity the OIDC provider verified from a bearer token. */
    @ApplicationScoped
    public static class Remember implements SecurityIdentityAugmentor {

        private final RememberedTokens remembered;

        public Remember(RememberedTokens remembered) {
            this.remembered = remembered;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            remembered.remember(identity);
            return Uni.createFrom().item(identity);
        }
    }

    /** Remembers an identity verified from a bearer token (not one this provider gave). */
    public void remember(SecurityIdentity identity) {
        if (identity.isAnonymous() || identity.getAttribute(REMEMBERED) != null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        TokenCredential credential = identity.getCredential(TokenCredential.class);
        if (credential == null || jwt.getExpirationTime() <= 0) {
            return;
        }
        verified.increment();
        if (!tokens.enabled()) {
            return;
        }
        Map<String, Object> attributes = new HashMap<>();
        identity.getAttributes().forEach((name, value) -> {
            if (value != null && !(value instanceof RoutingContext) && !(value instanceof AuthenticationRequestContext)) {
                // (each request has its own contexts)
                attributes.put(name, value);
            }
        });
        tokens.remember(credential.getToken(), new Verified(identity.getPrincipal(), Set.copyOf(identity.getRoles()),
                Map.copyOf(attributes)), Instant.ofEpochSecond(jwt.getExpirationTime()));
    }
}
