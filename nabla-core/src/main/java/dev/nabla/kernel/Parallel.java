package dev.nabla.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The one shared thread pool, sized to the cores ({@code -Dnabla.threads=N} to change).
 *
 * <p>Parallelism lives here and in the kernels that call it, never in user code. Work is split into
 * contiguous index ranges at fixed boundaries; every kernel that uses {@link #forRange} computes each
 * output element from the same inputs in the same order whatever range it falls in, so results are
 * bit-identical for any thread count.
 *
 * <p>The pool is a fixed set of daemon workers, not a {@code ForkJoinPool}: a training step hands the
 * pool many products of 10–100 µs each, and waking a parked thread costs about as much (the MLP's
 * 8-MFLOP products ran 1.5–2 times faster on two threads this way). So a worker that finishes a range
 * waits {@code SPIN_NANOS} for the next before it parks, and the caller runs the first range itself,
 * then every range no worker has claimed yet, and waits for the claimed ones the same way: on a machine
 * shared with other work a worker may not get a core for milliseconds, and the caller no longer waits
 * for it to start (single-sample latency on two threads was bimodal, 8 or 23 µs, before). A waiting
 * thread spins only for its first {@code PAUSE_NANOS}, then yields: on a busy machine, pure spinning
 * starved the very thread it waited for.
 * Calls from inside a range, and calls made while another thread holds the pool, run sequentially on
 * the calling thread (no nested fan-out, no waiting).
 */
public final class Parallel {

    /** A body over the half-open range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final int MAX_THREADS = Math.max(1,
            Integer.getInteger("nabla.threads", Runtime.getRuntime().availableProcessors()));
    /** Below this much work (in multiply-adds or element visits) a split costs more than it saves. */
    private static final long MIN_WORK_PER_TASK = 1L << 15;
    /**
     * How long an idle worker, or a caller waiting for the workers, spins (then yields) before it parks.
     * Longer than a training step's serial stretches (the loss and the last layer's small products run
     * about 70 µs on the caller alone): a parked worker woke only after the caller had done both halves
     * of the next product, and the MLP's second-layer input gradient ran slower on two threads than on
     * one. 300 µs took the two-thread step p50 from 1.10 to 1.00 ms (median of four runs each).
     */
    private static final long SPIN_NANOS = 300_000;
    /** Within SPIN_NANOS, how long a waiting thread spins before it starts yielding its core. */
    private static final long PAUSE_NANOS = 5_000;
    private static final Worker[] WORKERS = startWorkers();
    /** Held by the thread whose ranges the workers are running. */
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile int threads = MAX_THREADS;

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
     * total work ({@code n * workPerItem}) is large enough to pay for the split. Range t of T is
     * [n·t/T, n·(t+1)/T); the caller runs range 0. An exception thrown in any range reaches the caller
     * once every range has finished.
     */
    public static void forRange(int n, long workPerItem, RangeBody body) {
        long work = (long) n * Math.max(1, workPerItem);
        int tasks = (int) Math.min(Math.min(threads, n), Math.max(1, work / MIN_WORK_PER_TASK));
        if (tasks <= 1 || Thread.currentThread() instanceof Worker || !BUSY.compareAndSet(false, true)) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        try {
            Job job = new Job(body, n, tasks, Thread.currentThread());
            for (int t = 1; t < tasks; t++) {
                WORKERS[t - 1].hand(job);
            }
            job.run(0);
            job.work(); // ranges no worker has claimed yet: a descheduled worker does not stall the caller
            job.awaitOthers();
            job.rethrow();
        } finally {
            BUSY.set(false);
        }
    }

    /**
     * One step of a wait: a spin-wait hint for the first microseconds, then a yield, so that a waiting
     * thread gives its core to other work on a busy machine instead of spinning against it.
     */
    private static void pause(long waitedNanos) {
        if (waitedNanos < PAUSE_NANOS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    private static Worker[] startWorkers() {
        Worker[] workers = new Worker[MAX_THREADS - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i);
            workers[i].start();
        }
        return workers;
    }

    /**
     * One forRange call: the body, its ranges, the ranges not yet claimed and not yet finished, the first
     * failure. Range 0 is the caller's; ranges 1.. go to whichever thread claims them first, the caller
     * included once its own is done. Which thread runs a range never changes what it computes.
     */
    private static final class Job {
        private final RangeBody body;
        private final int n;
        private final int tasks;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger(1);
        private final AtomicInteger running;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean callerParked;

        Job(RangeBody body, int n, int tasks, Thread caller) {
            this.body = body;
            this.n = n;
            this.tasks = tasks;
            this.caller = caller;
            this.running = new AtomicInteger(tasks - 1);
        }

        /** Runs range t; a failure is kept for the caller. */
        void run(int t) {
            try {
                body.run((int) ((long) n * t / tasks), (int) ((long) n * (t + 1) / tasks));
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }

        /** Claims and runs ranges until none is left to claim. */
        void work() {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                run(t);
                if (running.decrementAndGet() == 0 && callerParked) {
                    LockSupport.unpark(caller);
                }
            }
        }

        void awaitOthers() {
            long start = System.nanoTime();
            for (long waited = 0; running.get() > 0 && waited < SPIN_NANOS; waited = System.nanoTime() - start) {
                pause(waited);
            }
            callerParked = true;
            while (running.get() > 0) {
                LockSupport.park(this);
            }
            callerParked = false;
        }

        void rethrow() {
            Throwable e = failure.get();
            if (e instanceof RuntimeException r) {
                throw r;
            } else if (e instanceof Error err) {
                throw err;
            } else if (e != null) {
                throw new IllegalStateException("a parallel range failed", e);
            }
        }
    }

    /** A pool thread: claims ranges of the job it was handed; spins briefly when idle, then parks. */
    private static final class Worker extends Thread {
        private volatile Job job;
        private volatile boolean parked;

        Worker(int index) {
            super("nabla-worker-" + index);
            setDaemon(true);
        }

        void hand(Job j) {
            job = j;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            while (true) {
                take().work();
            }
        }

        private Job take() {
            long start = System.nanoTime();
            Job j;
            for (long waited = 0; (j = job) == null && waited < SPIN_NANOS; waited = System.nanoTime() - start) {
                pause(waited);
            }
            if (j == null) {
                parked = true;
                while ((j = job) == null) {
                    LockSupport.park(this);
                }
                parked = false;
            }
            job = null;
            return j;
        }
    }
}
