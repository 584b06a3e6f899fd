package dev.nabla.playground;

import dev.nabla.io.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The playground's HTTP server (Javalin on Jetty): the page and its script from the jar, a small JSON API
 * per session, and each session's frames as Server-Sent Events. Bound to loopback unless told otherwise.
 *
 * <pre>{@code
 * try (PlaygroundServer server = PlaygroundServer.start("127.0.0.1", 8080)) { ... }
 * }</pre>
 */
public final class PlaygroundServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PlaygroundServer.class.getName());
    /** The largest request body Jetty reads; bodies over the upload cap but under this get the page's own message. */
    private static final long MAX_REQUEST_BYTES = 8L << 20;
    private final Javalin app;
    private final Sessions sessions;

    private PlaygroundServer(Javalin app, Sessions sessions) {
        this.app = app;
        this.sessions = sessions;
    }

    /** Starts serving on host:port (port 0: any free port; see {@link #port()}). */
    public static PlaygroundServer start(String host, int port) throws IOException {
        return start(host, port, new Sessions());
    }

    static PlaygroundServer start(String host, int port, Sessions sessions) {
        Javalin app = Javalin.create(config -> {
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.staticFiles.add("/dev/nabla/playground/web", Location.CLASSPATH);
            config.startup.showJavalinBanner = false;
            routes(config.routes, sessions);
        });
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            sessions.close(); // its training threads and temporary folder, made before the port was taken
            throw e;
        }
        return new PlaygroundServer(app, sessions);
    }

    public int port() {
        return app.port();
    }

    public Sessions sessions() {
        return sessions;
    }

    @Override
    public void close() {
        app.stop();
        sessions.close();
    }

    private static void routes(JavalinDefaultRoutingApi r, Sessions sessions) {
        r.exception(PlaygroundException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        r.exception(Exception.class, (e, ctx) -> {
            LOG.log(System.Logger.Level.WARNING, "playground: " + ctx.method() + " " + ctx.path(), e);
            error(ctx, 500, "The server could not do that (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        });
        r.error(413, ctx -> {
            if (ctx.result() == null || !ctx.result().startsWith("{")) { // Javalin's refusal of a body over its limit
                error(ctx, 413, "The upload is over " + MAX_REQUEST_BYTES + " bytes; the cap is " + Limits.MAX_UPLOAD_BYTES
                        + " bytes (1 MiB)");
            }
        });
        r.get("/api/limits", ctx -> json(ctx, Limits.asMap()));
        r.get("/api/insight/vanishing", ctx -> json(ctx, Insight.vanishing()));
        r.get("/api/insight/paths", ctx -> json(ctx, Insight.paths(ctx.queryParam("surface"))));
        r.post("/api/session", ctx -> json(ctx, welcome(sessions.open())));
        r.post("/api/session/{id}/config", ctx -> {
            Session s = sessions.get(ctx.pathParam("id"));
            s.configure(Settings.read(body(ctx)));
            json(ctx, Map.of("settings", s.settings().toMap()));
        });
        r.post("/api/session/{id}/control", ctx -> control(sessions.get(ctx.pathParam("id")), ctx));
        r.post("/api/session/{id}/weight", ctx -> {
            Map<?, ?> b = body(ctx);
            sessions.get(ctx.pathParam("id")).setWeight(integer(b, "layer"), integer(b, "to"), integer(b, "from"),
                    number(b.get("value")));
            json(ctx, Map.of("ok", true));
        });
        r.post("/api/session/{id}/upload", ctx -> json(ctx,
                Transfers.upload(sessions.get(ctx.pathParam("id")), ctx.bodyAsBytes(), ctx.queryParam("label"))));
        r.post("/api/session/{id}/import", ctx -> json(ctx, Map.of("settings",
                Transfers.importModel(sessions.get(ctx.pathParam("id")), ctx.bodyAsBytes()).toMap())));
        r.get("/api/session/{id}/model", ctx -> {
            byte[] file = Transfers.export(sessions.get(ctx.pathParam("id")));
            ctx.header("Content-Disposition", "attachment; filename=\"playground.safetensors\"");
            ctx.contentType("application/octet-stream").result(file);
        });
        r.get("/api/session/{id}/data.csv", ctx -> {
            ctx.header("Content-Disposition", "attachment; filename=\"data.csv\"");
            ctx.contentType("text/csv").result(Transfers.dataCsv(sessions.get(ctx.pathParam("id"))));
        });
        r.get("/api/session/{id}/code", ctx -> {
            Session s = sessions.get(ctx.pathParam("id"));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("spec", Recipe.spec(s.settings(), s.data(), s.epoch()));
            out.put("java", Recipe.java(s.settings(), s.data()));
            json(ctx, out);
        });
        r.post("/api/session/{id}/close", ctx -> {
            sessions.close(ctx.pathParam("id"));
            json(ctx, Map.of("ok", true));
        });
        r.sse("/api/session/{id}/events", client -> {
            String id = client.ctx().pathParam("id");
            try {
                sessions.get(id);
            } catch (PlaygroundException e) {
                client.sendEvent("failure", Json.write(Map.of("error", e.getMessage())));
                client.close();
                return;
            }
            client.keepAlive();
            client.onClose(() -> sessions.listen(id, null));
            sessions.listen(id, frame -> {
                if (!client.terminated()) {
                    client.sendEvent("frame", Json.write(frame));
                }
            });
        });
    }

    private static Map<String, Object> welcome(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("settings", s.settings().toMap());
        m.put("limits", Limits.asMap());
        m.put("activations", Settings.activations());
        m.put("optimizers", Settings.optimizers());
        m.put("schedules", Settings.schedules());
        return m;
    }

    private static void control(Session s, Context ctx) {
        String action = String.valueOf(ctx.queryParam("action"));
        switch (action) {
            case "play" -> s.setRunning(true);
            case "pause" -> s.setRunning(false);
            case "step" -> {
                s.setRunning(false);
                s.stepEpoch();
            }
            case "reset" -> s.reset();
            default -> throw new PlaygroundException("Unknown action '" + action + "'; allowed: play, pause, step, reset");
        }
        json(ctx, Map.of("ok", true, "epoch", s.epoch()));
    }

    private static Map<?, ?> body(Context ctx) {
        String text = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        try {
            if (Json.parse(text) instanceof Map<?, ?> m) {
                return m;
            }
        } catch (Json.JsonException e) {
            throw new PlaygroundException("The request is not valid JSON: " + e.getMessage());
        }
        throw new PlaygroundException("The request must be a JSON object");
    }

    private static int integer(Map<?, ?> b, String key) {
        double v = number(b.get(key));
        if (v != Math.rint(v) || Math.abs(v) > 1e6) {
            throw new PlaygroundException("'" + key + "' must be a whole number, got " + b.get(key));
        }
        return (int) v;
    }

    private static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new PlaygroundException("Expected a number, got '" + v + "'");
        }
    }

    private static void json(Context ctx, Object value) {
        ctx.contentType("application/json").result(Json.write(value));
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result(Json.write(Map.of("error", message)));
    }

    /** {@code java ... dev.nabla.playground.PlaygroundServer [port]}: serves on loopback until stopped. */
    public static void main(String[] args) throws Exception {
        PlaygroundServer s = start("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 8080);
        System.out.println("Nabla playground: http://127.0.0.1:" + s.port() + "/");
        Thread.currentThread().join();
    }
}
