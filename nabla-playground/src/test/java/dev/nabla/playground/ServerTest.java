package dev.nabla.playground;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API over HTTP: bad requests are refused in words, sessions are apart, closed and idle tabs are freed. */
class ServerTest {
    private static PlaygroundServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        server = PlaygroundServer.start("127.0.0.1", 0, new Sessions(2));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String error(HttpResponse<String> r) throws Exception {
        return (String) Http.json(r.body()).get("error");
    }

    @Test
    void malformedRequestsAreRefusedWithAMessageAndTheServerCarriesOn() throws Exception {
        String id = http.open();
        String p = "/api/session/" + id;
        HttpResponse<String> r = http.post(p + "/config", "{\"dataset\": ");
        assertEquals(400, r.statusCode());
        assertTrue(error(r).startsWith("The request is not valid JSON"), r.body());
        assertEquals("Learning rate: expected a number, got 'fast'", error(http.post(p + "/config", "{\"learningRate\": \"fast\"}")));
        assertEquals("Optimizer: unknown 'adamm'; allowed: sgd, adagrad, rmsprop, adam, adamw",
                error(http.post(p + "/config", "{\"optimizer\": \"adamm\"}")));
        assertTrue(error(http.post(p + "/config", "{\"layers\": [" + "{\"units\": 2},".repeat(8) + "{\"units\": 2}]}"))
                .contains("9 asked, the cap is 8"));
        String big = "{\"layers\": [" + "{\"units\": 16},".repeat(7) + "{\"units\": 16}], \"features\": [\"x1\",\"x2\",\"x1sq\"]}";
        assertTrue(error(http.post(p + "/config", big)).contains("the cap is " + Limits.MAX_PARAMETERS), big);
        assertEquals("Unknown action 'fly'; allowed: play, pause, step, reset", error(http.post(p + "/control?action=fly", "")));
        assertTrue(error(http.post(p + "/weight", "{\"layer\": 9, \"to\": 0, \"from\": 0, \"value\": 1}")).contains("no layer 9"));
        HttpResponse<String> upload = http.post(p + "/upload", new byte[Limits.MAX_UPLOAD_BYTES + 1]);
        assertEquals(413, upload.statusCode());
        assertEquals("The CSV file is 1048577 bytes; the cap is 1048576 bytes (1 MiB)", error(upload));
        HttpResponse<String> huge = http.post(p + "/upload", new byte[9 << 20]);
        assertEquals(413, huge.statusCode(), huge.body());
        assertTrue(error(huge).startsWith("The upload is over 8388608 bytes; the cap is 1048576 bytes"), huge.body());
        assertTrue(error(http.post(p + "/import", "not a model".getBytes())).startsWith("The model file could not be read"));
        HttpResponse<String> gone = http.post("/api/session/nope/config", "{}");
        assertEquals(404, gone.statusCode());
        assertTrue(error(gone).contains("reload the page"));
        // still serving, and the session still trains
        assertEquals(200, http.post(p + "/control?action=step", "").statusCode());
        assertEquals(1, server.sessions().get(id).epoch());
    }

    @Test
    void sessionsAreApart() throws Exception {
        String a = http.open(), b = http.open();
        assertNotEquals(a, b);
        http.post("/api/session/" + a + "/config", "{\"dataset\": \"spiral\", \"seed\": 5}");
        http.post("/api/session/" + a + "/control?action=step", "");
        Session sa = server.sessions().get(a), sb = server.sessions().get(b);
        assertEquals("spiral", sa.settings().dataset());
        assertEquals("circle", sb.settings().dataset());
        assertEquals(0, sb.epoch());
        assertNotEquals(sa.dir(), sb.dir());
        assertEquals(server.sessions().root(), sa.dir().getParent());
    }

    @Test
    void anExportedModelImportsIntoAnotherTabAsTheSameNetwork() throws Exception {
        String a = http.open(), b = http.open();
        http.post("/api/session/" + a + "/config", "{\"dataset\": \"gauss\", \"features\": [\"x1\", \"x2\", \"sinx1\"],"
                + " \"layers\": [{\"units\": 3, \"activation\": \"relu\"}, {\"units\": 2, \"activation\": \"sigmoid\", \"dropout\": 0.2}]}");
        http.post("/api/session/" + a + "/control?action=step", "");
        byte[] model = http.get("/api/session/" + a + "/model").body();
        HttpResponse<String> r = http.post("/api/session/" + b + "/import", model);
        assertEquals(200, r.statusCode(), r.body());
        Session sa = server.sessions().get(a), sb = server.sessions().get(b);
        assertEquals(sa.settings().layers(), sb.settings().layers());
        assertEquals(List.of("x1", "x2", "sinx1"), sb.settings().features());
        for (int i = 0; i < sa.dense().size(); i++) {
            assertArrayEquals(sa.dense().get(i).weight().value().toFloatArray(), sb.dense().get(i).weight().value().toFloatArray());
        }
    }

    @Test
    void aTabClosedMidTrainingIsFreedAndAnIdleOneToo() throws Exception {
        String id = http.open();
        http.post("/api/session/" + id + "/control?action=play", "");
        HttpRequest events = HttpRequest.newBuilder(URI.create(http.base + "/api/session/" + id + "/events"))
                .header("Accept", "text/event-stream").build();
        try (InputStream in = http.client.send(events, HttpResponse.BodyHandlers.ofInputStream()).body()) {
            byte[] first = in.readNBytes(200);
            assertTrue(new String(first).contains("event: frame"), new String(first));
        } // the tab goes away mid-training
        Session s = server.sessions().get(id);
        assertTrue(Files.isDirectory(s.dir()));
        http.post("/api/session/" + id + "/close", "");
        assertFalse(Files.exists(s.dir()), "the closed tab's folder is deleted");
        assertEquals(404, http.post("/api/session/" + id + "/control?action=play", "").statusCode());
        String idle = http.open();
        Session si = server.sessions().get(idle);
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end && Files.exists(si.dir())) {
            Thread.sleep(100);
        }
        assertFalse(Files.exists(si.dir()), "an idle tab's session is freed after 2 s here");
        assertEquals(200, http.get("/api/limits").statusCode());
        assertEquals(Map.of("ok", true), Map.of("ok", Http.json(http.post("/api/session/" + http.open() + "/close", "").body()).get("ok")));
    }
}
