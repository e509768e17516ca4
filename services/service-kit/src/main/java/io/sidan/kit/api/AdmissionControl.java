package io.sidan.kit.api;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sidan.kit.config.HttpLimitsConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * Bounded admission: at most {@code sidan.http.max-in-flight} API requests are handled or queued for a
 * worker at once; beyond that a request is answered {@code 503} with {@code Retry-After} on the event
 * loop, before it costs a worker, memory or a database connection. Overload then means quick refusals
 * the client can retry, instead of a queue that grows until the heap is exhausted (which the benchmark
 * saw at three times the sustainable rate). Health and metrics ({@code /q/…}) are never refused.
 */
@ApplicationScoped
public class AdmissionControl {

    private static final Logger LOG = Logger.getLogger(AdmissionControl.class);

    private final AtomicInteger inFlight = new AtomicInteger();
    private final int limit;
    private final byte[] refusal;
    private volatile long lastWarned;

    public AdmissionControl(HttpLimitsConfig config, ObjectMapper json) throws JsonProcessingException {
        this.limit = config.maxInFlight();
        this.refusal = json.writeValueAsBytes(new Problem(Problem.TYPE_BASE + "overloaded", "Service overloaded", 503,
                "The service is handling as many requests as it can; try again in a moment.", null, null, null));
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(Integer.MIN_VALUE).handler(this::admit);
    }

    public int inFlight() {
        return inFlight.get();
    }

    private void admit(RoutingContext rc) {
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            warnNowAndThen();
            rc.response().setStatusCode(503).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Retry-After", "1")
                    .end(Buffer.buffer(refusal));
            return;
        }
        // runs once however the exchange ends: answered, failed, or the client went away
        rc.addEndHandler(done -> inFlight.decrementAndGet());
        rc.next();
    }

    private void warnNowAndThen() {
        long now = System.currentTimeMillis();
        if (now - lastWarned > 10_000) {
            lastWarned = now;
            LOG.warnf("overloaded: %d requests in flight, answering 503 to more (sidan.http.max-in-flight)", limit);
        }
    }
}
