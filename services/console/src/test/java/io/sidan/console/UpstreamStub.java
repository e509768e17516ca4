package io.sidan.console;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * Tiny HTTP servers standing in for the request (two instances), dispatch and rating services: each
 * answers with what it received (its own name and instance, method, path and query, the Authorization
 * header, the body), so a test sees exactly what the console forwarded and where; and its readiness.
 */
public class UpstreamStub implements QuarkusTestResourceLifecycleManager {

    /** The stand-ins by service and instance ("request-2"), so a test can stop one. */
    static final Map<String, HttpServer> SERVERS = new java.util.concurrent.ConcurrentHashMap<>();

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        return Map.of(
                "sidan.console.request-service", "http://localhost:" + echo("request", 1) + ",http://localhost:" + echo("request", 2),
                "sidan.console.dispatch-service", "http://localhost:" + echo("dispatch", 1),
                "sidan.console.rating-service", "http://localhost:" + echo("rating", 1));
    }

    /** Stops one stand-in, as if that instance had died. */
    static void stop(String service, int instance) {
        SERVERS.remove(service + "-" + instance).close().toCompletionStage().toCompletableFuture().join();
    }

    private int echo(String service, int instance) {
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
                if (request.path().equals("/q/health/ready")) {
                    request.response().setStatusCode(200).end("{\"status\":\"UP\"}");
                    return;
                }
                JsonObject seen = new JsonObject()
                        .put("service", service)
                        .put("instance", instance)
                        .put("method", request.method().name())
                        .put("uri", request.uri())
                        .put("authorization", request.getHeader("Authorization"))
                        .put("body", body.toString());
                request.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .putHeader("ETag", "\"7\"").end(seen.encode());
            }));
            int port = server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
            SERVERS.put(service + "-" + instance, server);
            return port;
        } catch (Exception e) {
            throw new IllegalStateException("the stub upstream did not start", e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
