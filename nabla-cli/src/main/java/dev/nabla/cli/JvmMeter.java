package dev.nabla.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the JVM spent on one stretch of work: heap, allocation and GC, read from the platform MXBeans.
 *
 * <ul>
 *   <li>peak heap used: the heap pools' peak usage (reset at {@link #start()}), summed; garbage
 *       included, so it is what the heap had to hold, not what the work kept alive;</li>
 *   <li>max heap after GC: the largest heap occupancy right after a collection, from the collectors'
 *       notifications: the live set, as near as the JVM tells it (null when no GC ran);</li>
 *   <li>allocated bytes: {@code com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes}, JVM-wide,
 *       so the kernel pool's worker threads count with the calling thread;</li>
 *   <li>GC count and pause time: the collectors' count and time deltas (stop-the-world collectors under
 *       the launcher's {@code -XX:+UseParallelGC}).</li>
 * </ul>
 */
final class JvmMeter implements AutoCloseable {

    /** The measurements of one stretch. {@code maxAfterGcBytes} is -1 when no collection ran. */
    record Usage(long peakHeapBytes, long maxAfterGcBytes, long allocatedBytes, long gcCount, long gcMillis) {

        Map<String, Object> toMap(double seconds, long samples) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("heap_peak_used_mb", mb(peakHeapBytes));
            m.put("heap_max_after_gc_mb", maxAfterGcBytes < 0 ? null : mb(maxAfterGcBytes));
            m.put("allocated_mb", allocatedBytes < 0 ? null : mb(allocatedBytes));
            m.put("allocation_rate_mb_per_s", allocatedBytes < 0 ? null : Json.number(mb(allocatedBytes) / seconds));
            m.put("allocated_bytes_per_sample", allocatedBytes < 0 ? null : Json.number((double) allocatedBytes / samples));
            m.put("gc_count", gcCount);
            m.put("gc_pause_ms", gcMillis);
            return m;
        }

        static double mb(long bytes) {
            return Math.round(bytes / 1048576.0 * 10) / 10.0;
        }
    }

    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final AtomicLong maxAfterGc = new AtomicLong(-1);
    private final AtomicLong notified = new AtomicLong();
    private final NotificationListener listener = this::onGc;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private long allocatedAtStart;
    private long gcCountAtStart;
    private long gcMillisAtStart;
    private volatile long startUptimeMillis;

    JvmMeter() {
        for (GarbageCollectorMXBean gc : collectors) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
    }

    /** Starts a stretch: resets the peaks and notes the counters. */
    void start() {
        startUptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        maxAfterGc.set(-1);
        notified.set(0);
        allocatedAtStart = allocatedBytes();
        gcCountAtStart = gcCount();
        gcMillisAtStart = gcMillis();
    }

    /** Ends the stretch started last. */
    Usage stop() {
        long allocated = allocatedBytes();
        long count = gcCount() - gcCountAtStart;
        long millis = gcMillis() - gcMillisAtStart;
        long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        awaitNotifications(count);
        return new Usage(peak, maxAfterGc.get(), allocated < 0 ? -1 : allocated - allocatedAtStart, count, millis);
    }

    /** Notifications arrive on the JVM's service thread, a moment after the collection: wait up to 1 s. */
    private void awaitNotifications(long expected) {
        long deadline = System.nanoTime() + 1_000_000_000L;
        try {
            while (notified.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (info.getGcInfo().getStartTime() < startUptimeMillis) {
            return; // a collection from before start(), reported late
        }
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.stream().anyMatch(p -> p.getName().equals(e.getKey()))) {
                used += e.getValue().getUsed();
            }
        }
        maxAfterGc.accumulateAndGet(used, Math::max);
        notified.incrementAndGet();
    }

    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t.getTotalThreadAllocatedBytes();
        }
        return -1;
    }

    private long gcCount() {
        return collectors.stream().mapToLong(gc -> Math.max(0, gc.getCollectionCount())).sum();
    }

    private long gcMillis() {
        return collectors.stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone: nothing to undo
            }
        }
    }
}
