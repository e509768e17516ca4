package io.sidan.console;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;

/**
 * The browser talks to one origin: {@code /api/…} is forwarded, headers and body untouched (the
 * bearer token included), to the service that owns the path, with the Vert.x HTTP proxy. A service may
 * run several instances: calls go round robin to those whose readiness answered at the last check
 * (every {@value #CHECK_MILLIS} ms), so a stopped instance stops getting calls within that time.
 */
@ApplicationScoped
public class ApiForwarding {

    static final long CHECK_MILLIS = 2_000;

    /** Which service owns which API paths; the first match wins. */
    record Route(Pattern path, String service) {
    }

    private final ConsoleConfig config;

    public ApiForwarding(ConsoleConfig config) {
        this.config = config;
    }

    static List<Route> routes() {
        return List.of(
                new Route(Pattern.compile("/api/teams/[^/]+/reputation"), "rating"),
                new Route(Pattern.compile("/api/(ratings|volunteers)(/.*)?"), "rating"),
                new Route(Pattern.compile("/api/(teams|dispatch|tasks)(/.*)?"), "dispatch"),
                new Route(Pattern.compile("/api/(catalogue|grids|calendar|requests|audit|erasure-requests)(/.*)?"), "request"));
    }

    void install(@Observes Router router, Vertx vertx) {
        Map<String, Upstream> upstreams = new LinkedHashMap<>();
        upstreams.put("request", new Upstream(config.requestService()));
        upstreams.put("dispatch", new Upstream(config.dispatchService()));
        upstreams.put("rating", new Upstream(config.ratingService()));
        HttpClient checks = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(1_000));
        vertx.setPeriodic(CHECK_MILLIS, id -> upstreams.values().forEach(u -> u.check(checks)));
        HttpClientOptions options = new HttpClientOptions().setMaxPoolSize(50).setKeepAlive(true);
        for (Route route : routes()) {
            Upstream upstream = upstreams.get(route.service());
            HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(options));
            proxy.originSelector(request -> Future.succeededFuture(upstream.pick()));
            router.routeWithRegex(route.path().pattern()).order(-100).handler(rc -> proxy.handle(rc.request()));
        }
    }

    /** The instances of one service and which of them answered their readiness check last time. */
    static final class Upstream {

        private final List<URI> instances;
        private final AtomicIntegerArray ready;
        private final AtomicInteger next = new AtomicInteger();

        Upstream(List<URI> instances) {
            this.instances = List.copyOf(instances);
            this.ready = new AtomicIntegerArray(instances.size());
            for (int i = 0; i < instances.size(); i++) {
                ready.set(i, 1); // until the first check says otherwise
            }
        }

        /** The next ready instance in turn; when none is known ready, the next one anyway. */
        SocketAddress pick() {
            int n = instances.size();
            for (int k = 0; k < n; k++) {
                int i = Math.floorMod(next.getAndIncrement(), n);
                if (ready.get(i) == 1) {
                    return address(i);
                }
            }
            return address(Math.floorMod(next.getAndIncrement(), n));
        }

        void check(HttpClient client) {
            for (int i = 0; i < instances.size(); i++) {
                int index = i;
                URI uri = instances.get(i);
                client.request(HttpMethod.GET, port(uri), uri.getHost(), "/q/health/ready")
                        .compose(request -> request.send())
                        .onSuccess(response -> {
                            ready.set(index, response.statusCode() == 200 ? 1 : 0);
                            response.body(); // drain it, so the connection can be reused
                        })
                        .onFailure(e -> ready.set(index, 0));
            }
        }

        private SocketAddress address(int i) {
            URI uri = instances.get(i);
            return SocketAddress.inetSocketAddress(port(uri), uri.getHost());
        }

        private static int port(URI uri) {
            return uri.getPort() > 0 ? uri.getPort() : 80;
        }
    }
}
