package io.sidan.console;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;

/**
 * The browser talks to one origin: {@code /api/…} is forwarded, headers and body untouched (the
 * bearer token included), to the service that owns the path, with the Vert.x HTTP proxy.
 */
@ApplicationScoped
public class ApiForwarding {

    /** Which service owns which API paths; the first match wins. */
    record Route(Pattern path, URI target) {
    }

    private final ConsoleConfig config;

    public ApiForwarding(ConsoleConfig config) {
        this.config = config;
    }

    List<Route> routes() {
        return List.of(
                new Route(Pattern.compile("/api/teams/[^/]+/reputation"), config.ratingService()),
                new Route(Pattern.compile("/api/(ratings|volunteers)(/.*)?"), config.ratingService()),
                new Route(Pattern.compile("/api/(teams|dispatch|tasks)(/.*)?"), config.dispatchService()),
                new Route(Pattern.compile("/api/(catalogue|grids|requests|audit)(/.*)?"), config.requestService()));
    }

    void install(@Observes Router router, Vertx vertx) {
        HttpClientOptions options = new HttpClientOptions().setMaxPoolSize(50).setKeepAlive(true);
        for (Route route : routes()) {
            HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(options));
            URI target = route.target();
            proxy.origin(target.getPort(), target.getHost());
            router.routeWithRegex(route.path().pattern()).order(-100).handler(rc -> proxy.handle(rc.request()));
        }
    }
}
