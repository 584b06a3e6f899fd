package dev.nabla.playground;

import dev.nabla.io.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small client of the playground's API for the tests and the load harness. */
final class Http {
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    Http(int port) {
        base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> post(String path, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A new session's id. */
    String open() throws Exception {
        HttpResponse<String> r = post("/api/session", "");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("open: " + r.statusCode() + " " + r.body());
        }
        return (String) json(r.body()).get("id");
    }

    static Map<?, ?> json(String text) throws Exception {
        return (Map<?, ?>) Json.parse(text);
    }
}
