package io.sidan.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for an OpenTelemetry Collector: accepts OTLP/HTTP exports ({@code POST /v1/traces},
 * protobuf) from the services and keeps each body, so a test can tell which service exported spans of
 * which trace. Protobuf holds a span's trace id as its 16 raw bytes and the resource's
 * {@code service.name} as plain text, so both can be found in a body without decoding it.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

    OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            try (InputStream raw = exchange.getRequestBody()) {
                boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
                bodies.add((gzip ? new GZIPInputStream(raw) : raw).readAllBytes());
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: all accepted
            exchange.close();
        });
        server.start();
    }

    String endpoint() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** Whether {@code service} exported a span of the trace (32 hex digits). */
    boolean exported(String service, String traceId) {
        byte[] name = service.getBytes(StandardCharsets.UTF_8);
        byte[] id = HexFormat.of().parseHex(traceId);
        return bodies.stream().anyMatch(b -> indexOf(b, name) >= 0 && indexOf(b, id) >= 0);
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
