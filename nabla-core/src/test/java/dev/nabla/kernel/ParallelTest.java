package dev.nabla.kernel;

import static dev.nabla.kernel.KernelTestSupport.withThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parallel.forRange: ranges, thread limit, nesting, errors. */
class ParallelTest {

    /** Enough work per item that any n >= 2 is split across the allowed threads. */
    private static final long HEAVY = 1L << 20;

    private record Range(int from, int to, String thread) {}

    private static List<Range> ranges(int n, long work) {
        List<Range> ranges = Collections.synchronizedList(new ArrayList<>());
        Parallel.forRange(n, work, (from, to) -> ranges.add(new Range(from, to, Thread.currentThread().getName())));
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(Range::from));
        return sorted;
    }

    private static boolean poolHasTwoThreads() {
        return withThreads(2, () -> Parallel.threads() == 2);
    }

    @Test
    void rangesCoverEachIndexExactlyOnce() {
        for (int threads : new int[] {1, 2}) {
            for (int n : new int[] {0, 1, 2, 3, 7, 100, 1001}) {
                for (long work : new long[] {0, 1, 1L << 15, HEAVY}) {
                    List<Range> ranges = withThreads(threads, () -> ranges(n, work));
                    String where = "threads=" + threads + " n=" + n + " work=" + work + " " + ranges;
                    int next = 0;
                    for (Range r : ranges) {
                        assertEquals(next, r.from(), where + ": gap or overlap");
                        assertTrue(r.to() > r.from(), where + ": empty range");
                        next = r.to();
                    }
                    assertEquals(n, next, where + ": not all of [0, n) covered");
                    assertTrue(ranges.size() <= Math.max(1, threads), where + ": more ranges than threads");
                }
            }
        }
    }

    @Test
    void smallWorkRunsOnTheCallerInOneRange() {
        String caller = Thread.currentThread().getName();
        List<Range> ranges = withThreads(2, () -> ranges(100, 10));
        assertEquals(List.of(new Range(0, 100, caller)), ranges);
    }

    /**
     * Two fixed ranges; the caller runs the first, and the second on whichever thread claims it first (a
     * worker, or the caller itself when the worker has not started yet). While the caller's range waits
     * for it, a worker takes the second.
     */
    @Test
    void heavyWorkIsSplitAcrossTwoThreads() {
        assumeTrue(poolHasTwoThreads(), "needs a pool of at least 2 threads");
        String caller = Thread.currentThread().getName();
        List<Range> ranges = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch secondStarted = new java.util.concurrent.CountDownLatch(1);
        withThreads(2, () -> {
            Parallel.forRange(1001, HEAVY, (from, to) -> {
                if (from == 0) {
                    try {
                        secondStarted.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    secondStarted.countDown();
                }
                ranges.add(new Range(from, to, Thread.currentThread().getName()));
            });
            return null;
        });
        ranges.sort(java.util.Comparator.comparingInt(Range::from));
        assertEquals(List.of(new Range(0, 500, caller), ranges.get(1)), ranges);
        assertEquals(500, ranges.get(1).from());
        assertEquals(1001, ranges.get(1).to());
        assertTrue(ranges.get(1).thread().startsWith("nabla-worker-"), ranges.toString());
    }

    /** The caller claims ranges no worker has taken: many small ranges all complete, each exactly once. */
    @Test
    void everyRangeRunsOnceWhoeverClaimsIt() {
        assumeTrue(poolHasTwoThreads(), "needs a pool of at least 2 threads");
        for (int call = 0; call < 500; call++) {
            int[] hits = new int[64];
            withThreads(2, () -> {
                Parallel.forRange(hits.length, HEAVY, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        synchronized (hits) {
                            hits[i]++;
                        }
                    }
                });
                return null;
            });
            for (int i = 0; i < hits.length; i++) {
                assertEquals(1, hits[i], "index " + i + " in call " + call);
            }
        }
    }

    /** A call from inside the pool runs sequentially: no nested fan-out. */
    @Test
    void nestedCallsInsideThePoolRunInOneRange() {
        assumeTrue(poolHasTwoThreads(), "needs a pool of at least 2 threads");
        List<String> nested = Collections.synchronizedList(new ArrayList<>());
        withThreads(2, () -> {
            Parallel.forRange(2, HEAVY, (from, to) -> {
                List<Range> inner = ranges(1000, HEAVY);
                nested.add(inner.size() + " " + inner);
            });
            return null;
        });
        assertEquals(2, nested.size(), nested.toString());
        for (String call : nested) {
            assertTrue(call.startsWith("1 [Range[from=0, to=1000"), nested.toString());
        }
    }

    @Test
    void exceptionInAWorkerReachesTheCaller() {
        assumeTrue(poolHasTwoThreads(), "needs a pool of at least 2 threads");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> withThreads(2, () -> {
            Parallel.forRange(10, HEAVY, (from, to) -> {
                if (from > 0) {
                    throw new IllegalStateException("boom in [" + from + ", " + to + ")");
                }
            });
            return null;
        }));
        assertTrue(String.valueOf(e.getMessage()).contains("boom")
                || (e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("boom")), e.toString());
    }

    @Test
    void setThreadsValidatesClampsAndReturnsThePrevious() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(-3));
        int original = Parallel.threads();
        int poolSize = Math.max(1, Integer.getInteger("nabla.threads", Runtime.getRuntime().availableProcessors()));
        try {
            assertEquals(original, Parallel.setThreads(1));
            assertEquals(1, Parallel.threads());
            assertEquals(1, Parallel.setThreads(10_000));
            assertEquals(poolSize, Parallel.threads(), "the limit is clamped to the pool size");
        } finally {
            Parallel.setThreads(original);
        }
        assertEquals(original, Parallel.threads());
    }
}
