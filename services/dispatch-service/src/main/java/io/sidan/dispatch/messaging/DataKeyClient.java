package io.sidan.dispatch.messaging;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.Startup;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.integrity.ServiceSignatures;
import io.sidan.contracts.privacy.MasterKey;
import io.sidan.contracts.privacy.SealedFields.DataKey;
import io.sidan.dispatch.config.DispatchConfig;
import io.sidan.kit.integrity.Integrity;
import org.jboss.logging.Logger;

/**
 * Requests' data keys from the request service, their keeper (GET /api/internal/data-keys, signed as this
 * service), unwrapped with the master key. Kept in memory for {@value #KEEP_SECONDS} seconds, no longer: an
 * erasure reaches this service as {@code request.personal-data-erased} (which {@link #forget}s the key on the
 * instance that consumes it), and at the latest when the kept key expires on the others.
 */
@Startup
@ApplicationScoped
public class DataKeyClient {

    private static final Logger LOG = Logger.getLogger(DataKeyClient.class);
    private static final int KEEP_SECONDS = 60;
    private static final int MAX_KEPT = 10_000;
    private static final int PER_CALL = 100;

    /** The keys found (an id left out has none: erased), or that the request service could not be asked. */
    public record Keys(Map<String, DataKey> found, boolean unavailable) {
        public Optional<DataKey> of(String requestId) {
            return Optional.ofNullable(found.get(requestId));
        }
    }

    private record Kept(DataKey key, Instant until) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    private final MasterKey master;
    private final Integrity integrity;
    private final URI base;

    public DataKeyClient(MasterKey master, Integrity integrity, DispatchConfig config) {
        this.master = master;
        this.integrity = integrity;
        this.base = URI.create(config.requestServiceUrl().replaceAll("/+$", ""));
    }

    /** The keys of these requests: from memory when kept, else asked for in one call per hundred. */
    public Keys keys(Collection<String> requestIds) {
        Instant now = Instant.now();
        Map<String, DataKey> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : requestIds.stream().distinct().toList()) {
            Kept k = kept.get(id);
            if (k != null && k.until().isAfter(now)) {
                if (k.key() != null) {
                    found.put(id, k.key());
                }
            } else {
                missing.add(id);
            }
        }
        boolean unavailable = false;
        for (int i = 0; i < missing.size(); i += PER_CALL) {
            List<String> ids = missing.subList(i, Math.min(missing.size(), i + PER_CALL));
            Optional<Map<String, String>> wrapped = ask(ids);
            if (wrapped.isEmpty()) {
                unavailable = true;
                continue;
            }
            if (kept.size() > MAX_KEPT) {
                kept.clear();
            }
            for (String id : ids) {
                String w = wrapped.get().get(id);
                DataKey key;
                try {
                    key = w == null ? null : master.unwrap(id, w);
                } catch (IllegalArgumentException e) { // not this service's master key: a deployment mistake, not an erasure
                    LOG.errorf("the data key of request %s does not unwrap with this service's master key: do the request "
                            + "and dispatch services have the same sidan.privacy.master-key? (%s)", id, e.getMessage());
                    unavailable = true;
                    continue;
                }
                kept.put(id, new Kept(key, now.plusSeconds(KEEP_SECONDS)));
                if (key != null) {
                    found.put(id, key);
                }
            }
        }
        return new Keys(found, unavailable);
    }

    /** Drops a kept key (its request's personal data was erased). */
    public void forget(String requestId) {
        kept.remove(requestId);
    }

    private Optional<Map<String, String>> ask(List<String> ids) {
        String path = "/api/internal/data-keys?" + ids.stream()
                .map(id -> "request=" + URLEncoder.encode(id, StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        Optional<String> signature = integrity.signCall("GET", path);
        if (signature.isEmpty()) {
            LOG.warn("no sidan.integrity.signing-key: this service cannot prove itself to the request service, so "
                    + "residents' contacts stay closed");
            return Optional.empty();
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(5)).header(ServiceSignatures.HEADER, signature.get())
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warnf("the request service answered %d for data keys: %s", response.statusCode(), response.body());
                return Optional.empty();
            }
            JsonNode keys = EventJson.mapper().readTree(response.body()).path("keys");
            Map<String, String> wrapped = new HashMap<>();
            keys.fields().forEachRemaining(e -> wrapped.put(e.getKey(), e.getValue().asText()));
            return Optional.of(wrapped);
        } catch (IOException e) {
            LOG.warnf("the request service (%s) did not answer for data keys: %s", base, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
