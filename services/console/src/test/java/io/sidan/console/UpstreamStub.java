package io.sidan.console;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * Three tiny HTTP servers standing in for the request, dispatch and rating services: each answers
 * with what it received (its own name, method, path and query, the Authorization header, the body),
 * so a test sees exactly what the console forwarded and where.
 */
public class UpstreamStub implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        return Map.of(
                "sidan.console.request-service", "http://localhost:" + echo("request"),
                "sidan.console.dispatch-service", "http://localhost:" + echo("dispatch"),
                "sidan.console.rating-service", "http://localhost:" + echo("rating"));
    }

    private int echo(String service) {
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
                JsonObject seen = new JsonObject()
                        .put("service", service)
                        .put("method", request.method().name())
                        .put("uri", request.uri())
                        .put("authorization", request.getHeader("Authorization"))
                        .put("body", body.toString());
                request.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .putHeader("ETag", "\"7\"").end(seen.encode());
            }));
            return server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
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
