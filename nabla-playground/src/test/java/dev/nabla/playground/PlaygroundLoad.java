package dev.nabla.playground;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load harness: N tabs on loopback, each with its own network training at the step cap and its frame
 * stream read to the end, for S seconds, while a probe asks the server for its limits five times a
 * second. Reports the p50/p99 of a frame's latency (built on the server to read by the client), of the
 * gap between frames, and of the probe's round trip, the errors, and the heap.
 *
 * <pre>{@code
 * java -cp ... dev.nabla.playground.PlaygroundLoad 20 60     # 20 tabs, 60 s (nabla-playground/load-test.sh)
 * }</pre>
 * {@link PlaygroundLoadTest} runs a 10-s version with the tests.
 */
public final class PlaygroundLoad {
    private static final Pattern SENT_AT = Pattern.compile("\"sentAt\":(\\d+)");
    private static final Pattern STEPS = Pattern.compile("\"steps\":(\\d+)");
    private static final String[] SETS = {"circle", "xor", "gauss", "spiral", "blobs", "plane", "multigauss"};

    /** What a run measured; times in milliseconds, memory in MiB. */
    public record Result(int sessions, int seconds, long frames, int errors, double latencyP50, double latencyP99,
                         double gapP50, double gapP99, double probeP99, long updates, double heapMaxMiB, double liveMaxMiB, double heapAfterGcMiB) {
        @Override
        public String toString() {
            return String.format("%d sessions, %d s: %d frames, %d errors; frame latency p50 %.1f ms, p99 %.1f ms; "
                    + "gap between frames p50 %.0f ms, p99 %.0f ms; /api/limits round trip p99 %.1f ms; %d updates "
                    + "(%.0f per session per second); heap max %.0f MiB, live after a collection at most %.0f MiB while "
                    + "training, %.0f MiB once the tabs closed", sessions, seconds, frames, errors,
                    latencyP50, latencyP99, gapP50, gapP99, probeP99, updates, updates / (double) sessions / seconds,
                    heapMaxMiB, liveMaxMiB, heapAfterGcMiB);
        }
    }

    private PlaygroundLoad() {}

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        System.out.println(run(sessions, seconds));
        System.exit(0);
    }

    public static Result run(int sessions, int seconds) throws Exception {
        try (PlaygroundServer server = PlaygroundServer.start("127.0.0.1", 0)) {
            Http http = new Http(server.port());
            List<Double> latency = Collections.synchronizedList(new ArrayList<>());
            List<Double> gaps = Collections.synchronizedList(new ArrayList<>());
            List<Double> probe = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger errors = new AtomicInteger();
            AtomicLong updates = new AtomicLong();
            long end = System.currentTimeMillis() + seconds * 1000L;
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                int n = i;
                threads.add(Thread.ofVirtual().start(() -> tab(http, n, end, latency, gaps, errors, updates)));
            }
            threads.add(Thread.ofVirtual().start(() -> probe(http, end, probe, errors)));
            double heapMax = 0, liveMax = 0;
            var memory = ManagementFactory.getMemoryMXBean();
            while (System.currentTimeMillis() < end) {
                heapMax = Math.max(heapMax, memory.getHeapMemoryUsage().getUsed() / 1048576.0);
                liveMax = Math.max(liveMax, liveAfterLastCollection());
                Thread.sleep(250);
            }
            for (Thread t : threads) {
                t.join(15_000);
            }
            System.gc();
            double after = memory.getHeapMemoryUsage().getUsed() / 1048576.0;
            return new Result(sessions, seconds, latency.size(), errors.get(), pct(latency, 50), pct(latency, 99),
                    pct(gaps, 50), pct(gaps, 99), pct(probe, 99), updates.get(), heapMax, liveMax, after);
        }
    }

    /** One tab: its own data set and a 2 × 8 network, playing, its stream read until the end. */
    private static void tab(Http http, int n, long end, List<Double> latency, List<Double> gaps, AtomicInteger errors,
                            AtomicLong updates) {
        try {
            String id = http.open(), p = "/api/session/" + id;
            String set = SETS[n % SETS.length];
            String problem = set.equals("plane") || set.equals("multigauss") ? "regression" : "classification";
            check(http.post(p + "/config", "{\"dataset\": \"" + set + "\", \"problem\": \"" + problem + "\", \"seed\": " + n
                    + ", \"layers\": [{\"units\": 8, \"activation\": \"tanh\"}, {\"units\": 8, \"activation\": \"relu\"}]}"));
            check(http.post(p + "/control?action=play", ""));
            HttpRequest events = HttpRequest.newBuilder(URI.create(http.base + p + "/events"))
                    .header("Accept", "text/event-stream").build();
            HttpResponse<java.io.InputStream> stream = http.client.send(events, HttpResponse.BodyHandlers.ofInputStream());
            long last = 0, steps = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while (System.currentTimeMillis() < end && (line = in.readLine()) != null) {
                    if (!line.startsWith("data:")) {
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    Matcher m = SENT_AT.matcher(line);
                    if (m.find()) {
                        latency.add((double) (now - Long.parseLong(m.group(1))));
                    }
                    if (last > 0) {
                        gaps.add((double) (now - last));
                    }
                    last = now;
                    Matcher s = STEPS.matcher(line);
                    if (s.find()) {
                        steps = Long.parseLong(s.group(1));
                    }
                }
            }
            updates.addAndGet(steps);
            check(http.post(p + "/close", ""));
        } catch (Exception e) {
            errors.incrementAndGet();
            System.err.println("tab " + n + ": " + e);
        }
    }

    private static void probe(Http http, long end, List<Double> probe, AtomicInteger errors) {
        while (System.currentTimeMillis() < end) {
            try {
                long t = System.nanoTime();
                check(http.get("/api/limits"));
                probe.add((System.nanoTime() - t) / 1e6);
                Thread.sleep(200);
            } catch (Exception e) {
                errors.incrementAndGet();
            }
        }
    }

    /** The heap's pools as the last collection left them: the live set, without forcing a collection. */
    private static double liveAfterLastCollection() {
        double bytes = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                bytes += pool.getCollectionUsage().getUsed();
            }
        }
        return bytes / 1048576.0;
    }

    private static void check(HttpResponse<?> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " " + r.uri());
        }
    }

    private static double pct(List<Double> xs, double p) {
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1));
    }
}
