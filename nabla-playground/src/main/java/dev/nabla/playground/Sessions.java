package dev.nabla.playground;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The open tabs' sessions: made on a tab's first request, ticked at the frame rate on a small pool of
 * threads (one per core: training never starves the server's own threads), and freed, with their
 * temporary folders, when the tab closes or goes quiet for {@link Limits#IDLE_SECONDS}.
 */
public final class Sessions implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Sessions.class.getName());
    private final Path root;
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pool;
    private final SecureRandom random = new SecureRandom();
    private final long idleNanos;
    private final int threads;

    /** A session, its ticker and the listener its frames go to (null while no stream is open). */
    private static final class Entry {
        final Session session;
        ScheduledFuture<?> ticker;
        volatile Consumer<Map<String, Object>> listener;
        long sentVersion = -1, sentData = -1;

        Entry(Session session) {
            this.session = session;
        }
    }

    public Sessions() throws IOException {
        this(Limits.IDLE_SECONDS);
    }

    /** Sessions freed after {@code idleSeconds} without a stream or a request (tests use a short one). */
    Sessions(int idleSeconds) throws IOException {
        idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        root = Files.createTempDirectory("nabla-playground-");
        threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        pool = Executors.newScheduledThreadPool(threads, Thread.ofPlatform().daemon().name("playground-train-", 0).factory());
        pool.scheduleAtFixedRate(this::reap, 1, 1, TimeUnit.SECONDS);
        pool.execute(this::warmUp);
    }

    /** A new session in its own folder. */
    public Session open() throws IOException {
        if (sessions.size() >= Limits.MAX_SESSIONS) {
            throw new PlaygroundException(503, "The playground has " + Limits.MAX_SESSIONS
                    + " tabs open, its cap; close one and reload");
        }
        String id = HexFormat.of().formatHex(bytes());
        Session s = new Session(id, Files.createDirectory(root.resolve(id)));
        Entry e = new Entry(s);
        sessions.put(id, e);
        long period = 1000 / Limits.FRAMES_PER_SECOND;
        e.ticker = pool.scheduleAtFixedRate(() -> tick(e), period, period, TimeUnit.MILLISECONDS);
        return s;
    }

    private byte[] bytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    /** The session with this id, marked as seen; refused with a message when it has been freed. */
    public Session get(String id) {
        Entry e = id == null ? null : sessions.get(id);
        if (e == null) {
            throw new PlaygroundException(404, "This tab's session has ended (closed or idle for over "
                    + Limits.IDLE_SECONDS + " s); reload the page to start a new one");
        }
        e.session.touch();
        return e.session;
    }

    /** Frames of this session go to {@code listener} (null: none); the next tick sends a whole frame. */
    public void listen(String id, Consumer<Map<String, Object>> listener) {
        Entry e = sessions.get(id);
        if (e != null) {
            e.listener = listener;
            synchronized (e) {
                e.sentVersion = -1;
                e.sentData = -1;
            }
            e.session.touch();
        }
    }

    /** The folder all sessions' folders are in. */
    Path root() {
        return root;
    }

    public int size() {
        return sessions.size();
    }

    /**
     * The kernels run slowly until the JIT has compiled them (the Vector API most of all: a first tab would
     * wait seconds for its first frames), so a throw-away session trains a few hundred updates at start.
     */
    private void warmUp() {
        try {
            Path dir = Files.createDirectory(root.resolve("warm-up"));
            Session s = new Session("warm-up", dir);
            s.setRunning(true);
            for (int i = 0; i < 20; i++) {
                s.tick(50, Long.MAX_VALUE);
                s.frame(i == 0);
            }
            deleteTree(dir);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "playground warm-up: " + e);
        }
    }

    /**
     * Trains for one frame's share of the step cap, within this session's fair share of the training threads'
     * time (so frames keep their rate when many tabs train at once), then sends a frame if anything changed.
     */
    private void tick(Entry e) {
        try {
            long period = TimeUnit.SECONDS.toNanos(1) / Limits.FRAMES_PER_SECOND;
            long share = Math.min(period / 2, (long) (0.6 * period * threads / Math.max(1, sessions.size())));
            e.session.tick(Limits.MAX_STEPS_PER_SECOND / Limits.FRAMES_PER_SECOND, System.nanoTime() + share);
            Consumer<Map<String, Object>> l = e.listener;
            if (l == null) {
                return;
            }
            e.session.touch();
            Map<String, Object> frame;
            synchronized (e) {
                long v = e.session.version(), dv = e.session.dataVersion();
                if (v == e.sentVersion && dv == e.sentData) {
                    return;
                }
                frame = e.session.frame(dv != e.sentData);
                e.sentVersion = v;
                e.sentData = dv;
            }
            frame.put("sentAt", System.currentTimeMillis()); // the load test's latency is measured from here
            l.accept(frame);
        } catch (RuntimeException ex) {
            // a diverged network (NaN) or a stream closed mid-send: this tab's problem, never the ticker's
            LOG.log(System.Logger.Level.DEBUG, "session " + e.session.id() + ": " + ex);
            e.session.setRunning(false);
        }
    }

    /** Frees the session: stops its ticker, deletes its folder. */
    public void close(String id) {
        Entry e = sessions.remove(id);
        if (e != null) {
            e.ticker.cancel(false);
            e.listener = null;
            deleteTree(e.session.dir());
        }
    }

    private void reap() {
        sessions.forEach((id, e) -> {
            if (e.listener == null && e.session.idleNanos() > idleNanos) {
                close(id);
            }
        });
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the JVM's exit or the OS cleans what is left
        }
    }

    @Override
    public void close() {
        sessions.keySet().forEach(this::close);
        pool.shutdownNow();
        deleteTree(root);
    }
}
