package io.sidan.kit.api;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a small API request body whole on the event loop before the request goes to its worker.
 *
 * <p>Quarkus REST reads the body of a blocking resource method on the worker thread, which waits on the
 * connection's monitor while the event loop hands it the chunks and the end: under load the two threads
 * contend for that monitor on every command (about a tenth of the request service's CPU samples in the
 * benchmark). A body already on the routing context is used as it is. Only bodies that announce their
 * length, at most {@value #MAX_BYTES} bytes, over HTTP/1.x are read here (every command of the API is far
 * smaller; Quarkus REST cannot take an HTTP/2 request whose body was read before it); a larger, chunked,
 * {@code Expect: 100-continue} or HTTP/2 body takes Quarkus's own path, so this never holds more
 * than {@value #MAX_BYTES} bytes per request admitted by {@link AdmissionControl}. A body that does not
 * arrive within {@code quarkus.http.read-timeout} closes the connection, as Quarkus's own path does.
 */
@ApplicationScoped
public class SmallBodies {

    static final int MAX_BYTES = 32 * 1024;

    private final long readTimeoutMillis;

    public SmallBodies(@ConfigProperty(name = "quarkus.http.read-timeout", defaultValue = "60s") Duration readTimeout) {
        this.readTimeoutMillis = Math.max(1, readTimeout.toMillis());
    }

    void install(@Observes Router router) {
        // after admission control (which is first), before Quarkus REST
        router.route("/api/*").order(Integer.MIN_VALUE + 1).handler(this::read);
    }

    private void read(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        long length = announcedLength(request);
        if (length <= 0 || length > MAX_BYTES || request.version() == HttpVersion.HTTP_2
                || request.headers().contains(HttpHeaders.EXPECT) || request.isEnded()) {
            rc.next();
            return;
        }
        Buffer body = Buffer.buffer((int) length);
        long timer = rc.vertx().setTimer(readTimeoutMillis, late -> request.connection().close());
        request.handler(body::appendBuffer);
        // the client went away (or the timer closed the connection): nobody is left to answer
        request.exceptionHandler(gone -> rc.vertx().cancelTimer(timer));
        request.endHandler(end -> {
            rc.vertx().cancelTimer(timer);
            rc.setBody(body);
            rc.next();
        });
        request.resume();
    }

    private static long announcedLength(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
