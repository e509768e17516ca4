package io.sidan.kit.api;

import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import io.sidan.kit.config.HttpLimitsConfig;
import io.sidan.kit.security.Caller;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Per-user limits on writes ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under
 * {@code /api}): every account has {@code sidan.http.rate-limit.writes-per-minute}, residents also
 * {@code sidan.http.rate-limit.resident-writes-per-hour} (a resident's writes are mostly submissions,
 * the abuse that matters). Beyond them a write is answered {@code 429} with {@code Retry-After} before it
 * is handled, so it changes nothing. Reads are not limited. Each instance counts for itself: with
 * several instances behind a balancer a user gets up to that many times the limit. 0 turns a limit off.
 */
@ApplicationScoped
public class WriteRateLimits {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Caller caller;
    private final RateLimiter everyone;
    private final RateLimiter residents;

    public WriteRateLimits(HttpLimitsConfig config, Caller caller) {
        this.caller = caller;
        HttpLimitsConfig.RateLimit limits = config.rateLimit();
        this.everyone = limits.writesPerMinute() > 0
                ? new RateLimiter(limits.writesPerMinute(), Duration.ofMinutes(1), System::nanoTime) : null;
        this.residents = limits.residentWritesPerHour() > 0
                ? new RateLimiter(limits.residentWritesPerHour(), Duration.ofHours(1), System::nanoTime) : null;
    }

    @ServerRequestFilter
    public Response limitWrites(ContainerRequestContext request) {
        if (!WRITES.contains(request.getMethod()) || !request.getUriInfo().getPath().startsWith("/api/")) {
            return null;
        }
        if (caller.isAnonymous()) {
            return null; // refused as unauthenticated elsewhere
        }
        String user = caller.subject();
        if (residents != null && caller.is(Caller.RESIDENT)) {
            Duration wait = residents.take(user);
            if (!wait.isZero()) {
                return tooMany(request, wait, "You have sent as many requests this hour as a resident may");
            }
        }
        if (everyone != null) {
            Duration wait = everyone.take(user);
            if (!wait.isZero()) {
                return tooMany(request, wait, "You have made as many changes this minute as an account may");
            }
        }
        return null;
    }

    private static Response tooMany(ContainerRequestContext request, Duration wait, String what) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        Problem problem = new Problem(Problem.TYPE_BASE + "rate-limited", "Too many requests", 429,
                what + "; try again in " + seconds + " s.", request.getUriInfo().getPath(), null, null);
        return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", String.valueOf(seconds)).entity(problem).build();
    }
}
