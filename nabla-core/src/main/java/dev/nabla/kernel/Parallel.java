package dev.nabla.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.ArrayList;
import java.util.List;

/**
 * The one shared thread pool, sized to the cores ({@code -Dnabla.threads=N} to change).
 *
 * <p>Parallelism lives here and in the kernels that call it, never in user code. Work is split into
 * contiguous index ranges; every kernel that uses {@link #forRange} computes each output element from
 * the same inputs in the same order whatever range it falls in, so results are bit-identical for any
 * thread count. Calls from inside the pool run sequentially (no nested fan-out).
 */
public final class Parallel {

    /** A body over the half-open range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final int MAX_THREADS = Math.max(1,
            Integer.getInteger("nabla.threads", Runtime.getRuntime().availableProcessors()));
    private static volatile int threads = MAX_THREADS;
    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, MAX_THREADS), pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("nabla-worker-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }, null, false);

    /** Below this much work (in multiply-adds or element visits) a split costs more than it saves. */
    private static final long MIN_WORK_PER_TASK = 1L << 15;

    private Parallel() {}

    /** Threads the kernels may use now. */
    public static int threads() {
        return threads;
    }

    /**
     * Limits the kernels to {@code n} threads (1 .. the pool size) and returns the previous limit.
     * Results do not depend on it; only speed does.
     */
    public static int setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + n);
        }
        int previous = threads;
        threads = Math.min(n, MAX_THREADS);
        return previous;
    }

    /**
     * Runs {@code body} over [0, n), split into at most {@link #threads()} contiguous ranges when the
     * total work ({@code n * workPerItem}) is large enough to pay for the split.
     */
    public static void forRange(int n, long workPerItem, RangeBody body) {
        int tasks = (int) Math.min(threads, Math.max(1, (n * Math.max(1, workPerItem)) / MIN_WORK_PER_TASK));
        tasks = Math.min(tasks, n);
        if (tasks <= 1 || ForkJoinTask.getPool() == POOL) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        List<ForkJoinTask<?>> forked = new ArrayList<>(tasks - 1);
        for (int t = 1; t < tasks; t++) {
            int from = (int) ((long) n * t / tasks);
            int to = (int) ((long) n * (t + 1) / tasks);
            forked.add(POOL.submit(() -> body.run(from, to)));
        }
        body.run(0, (int) ((long) n / tasks));
        for (ForkJoinTask<?> f : forked) {
            f.join();
        }
    }
}
