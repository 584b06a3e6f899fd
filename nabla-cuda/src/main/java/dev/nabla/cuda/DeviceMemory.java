package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Device memory, pooled by exact size: {@code cudaMalloc} and {@code cudaFree} synchronise the device, so
 * a training step that allocated fresh memory for every activation would wait on the GPU at each one.
 * A tensor's block comes back to the pool when the tensor is unreachable (a {@link Cleaner}, which only
 * queues it: the pool is touched by the backend's thread alone); the next allocation of that size takes
 * it. Reuse is safe because every kernel runs on one stream, in order. The JVM does not see device memory,
 * so when the blocks handed out pass a budget the pool asks for a collection and takes back what it freed.
 */
final class DeviceMemory {
    private static final Cleaner CLEANER = Cleaner.create();
    /**
     * Bytes handed out before the pool asks the JVM for a collection (device memory the JVM cannot see):
     * {@code -Dnabla.cuda.gcEveryBytes}, else a quarter of the memory free when the device opened. Each
     * collection is a full one (tens of ms); with 4 GB, batch 8192 paid one every 50 steps, a third of its time.
     */
    private final long gcEvery;

    /** A device allocation: its address and size. */
    record Block(long address, long bytes) {}

    private final CudaDevice device;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private final ConcurrentLinkedQueue<Block> returned = new ConcurrentLinkedQueue<>();
    private long sinceGc;
    long allocatedBytes;
    long mallocs, mallocNanos, collections, poolHits;

    DeviceMemory(CudaDevice device) {
        this.device = device;
        long quarter = 1L << 30;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment free = a.allocate(java.lang.foreign.ValueLayout.JAVA_LONG), total = a.allocate(java.lang.foreign.ValueLayout.JAVA_LONG);
            device.nv.check("cudaMemGetInfo", (int) device.nv.memGetInfo.invokeExact(free, total));
            quarter = Math.max(quarter, free.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0) / 4);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        gcEvery = Long.getLong("nabla.cuda.gcEveryBytes", quarter);
    }

    /** A block of {@code bytes} (rounded up to 256), from the pool if one of that size is free. */
    Block allocate(long bytes) {
        long size = Math.max(256, (bytes + 255) & ~255L);
        drain();
        sinceGc += size;
        if (sinceGc > gcEvery) {
            sinceGc = 0;
            collections++;
            System.gc();
            try {
                Thread.sleep(5);  // the Cleaner's thread queues what the collection found
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            drain();
        }
        ArrayDeque<Long> q = free.get(size);
        if (q != null && !q.isEmpty()) {
            poolHits++;
            return new Block(q.pop(), size);
        }
        long t0 = System.nanoTime();
        Block b = new Block(malloc(size), size);
        mallocNanos += System.nanoTime() - t0;
        return b;
    }

    /** Gives {@code b} back to the pool now (its last use is already queued on the stream). */
    void release(Block b) {
        free.computeIfAbsent(b.bytes(), k -> new ArrayDeque<>()).push(b.address());
    }

    /** Returns {@code b} to the pool once {@code owner} is unreachable. */
    void releaseWhenUnreachable(Object owner, Block b) {
        CLEANER.register(owner, () -> returned.add(b));
    }

    private void drain() {
        for (Block b; (b = returned.poll()) != null; ) {
            release(b);
        }
    }

    private long malloc(long size) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            int rc = (int) device.nv.malloc.invokeExact(p, size);
            if (rc == 2) {  // cudaErrorMemoryAllocation: collect, take back what was freed, try once more
                System.gc();
                Thread.sleep(50);
                drain();
                ArrayDeque<Long> q = free.get(size);
                if (q != null && !q.isEmpty()) {
                    return q.pop();
                }
                rc = (int) device.nv.malloc.invokeExact(p, size);
            }
            device.nv.check("cudaMalloc of " + size + " bytes (" + allocatedBytes + " held by Nabla)", rc);
            allocatedBytes += size;
            mallocs++;
            return p.get(ADDRESS, 0).address();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
