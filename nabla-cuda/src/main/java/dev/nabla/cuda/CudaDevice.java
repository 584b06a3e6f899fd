package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One GPU opened for Nabla: its context (the runtime's primary one), cuBLAS handle, kernels, memory pool
 * ({@link DeviceMemory}), a pinned staging buffer for host copies, and the launch of a kernel. Everything
 * runs on the default stream, in order, so memory freed by a tensor and handed to the next one is never
 * written while an earlier kernel still reads it. Not for concurrent use: the backend serialises calls.
 */
final class CudaDevice {
    final Native nv;
    final int index;
    final String name;
    final int major, minor;
    final long blas;
    final CudaKernels kernels;
    final DeviceMemory memory;
    /** Host↔device copies: count and bytes each way (explicit in the API, counted here). */
    final AtomicLong toDevice = new AtomicLong(), toDeviceBytes = new AtomicLong(), toHost = new AtomicLong(), toHostBytes = new AtomicLong();
    /** Host time inside kernel launches, and waiting for the device (copies to the host, synchronise): where a step's time goes. */
    final AtomicLong launches = new AtomicLong(), launchNanos = new AtomicLong(), waitNanos = new AtomicLong();
    private final Arena arena = Arena.ofShared();
    private MemorySegment staging;
    /**
     * Pinned memory that small uploads (labels, index maps) are queued from without waiting: a host→device
     * copy that waits drains the GPU's queue, which at batch 128 cost more than the kernels. A region is
     * written once per use; the ring starts over after anything that waits for the device (every earlier
     * copy is then done), or waits itself when full.
     */
    private MemorySegment ring;
    private long ringUsed;
    /** The launch's argument values (one 8-byte slot each, structs in following slots) and the pointers to them. */
    private final MemorySegment args, argPtrs;
    private int argCount, argBytes;
    /** cuBLAS's alpha and beta, host pointers (the default pointer mode). */
    final MemorySegment one, zero;

    CudaDevice(Native nv, int index) {
        this.nv = nv;
        this.index = index;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(JAVA_INT);
            int rc = (int) nv.deviceCount.invokeExact(count);
            if (rc != 0 || count.get(JAVA_INT, 0) <= index) {
                throw new CudaUnavailableException("no CUDA device " + index + ": the runtime "
                        + (rc != 0 ? "says " + nv.describe(rc) : "counts " + count.get(JAVA_INT, 0) + " device(s)"));
            }
            nv.check("cudaSetDevice", (int) nv.setDevice.invokeExact(index));
            nv.check("cudaFree(0) (context creation)", (int) nv.free.invokeExact(0L));
            nv.check("cuInit", (int) nv.cuInit.invokeExact(0));
            MemorySegment dev = a.allocate(JAVA_INT), text = a.allocate(256);
            nv.check("cuDeviceGet", (int) nv.cuDeviceGet.invokeExact(dev, index));
            nv.check("cuDeviceGetName", (int) nv.cuDeviceGetName.invokeExact(text, 256, dev.get(JAVA_INT, 0)));
            name = text.getString(0);
            major = attribute(a, 75);
            minor = attribute(a, 76);
            MemorySegment h = a.allocate(ADDRESS);
            nv.check("cublasCreate", (int) nv.blasCreate.invokeExact(h));
            blas = h.get(ADDRESS, 0).address();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        setTf32(Boolean.getBoolean("nabla.cuda.tf32"));
        kernels = new CudaKernels(nv, name, major, minor);
        memory = new DeviceMemory(this);
        args = arena.allocate(1024, 16);
        argPtrs = arena.allocate(ADDRESS, 32);
        one = arena.allocateFrom(JAVA_FLOAT, 1f);
        zero = arena.allocateFrom(JAVA_FLOAT, 0f);
    }

    private int attribute(Arena a, int attr) throws Throwable {
        MemorySegment v = a.allocate(JAVA_INT);
        nv.check("cudaDeviceGetAttribute", (int) nv.attribute.invokeExact(v, attr, index));
        return v.get(JAVA_INT, 0);
    }

    /** TF32 tensor cores for float32 GEMM (CUBLAS_TF32_TENSOR_OP_MATH), or exact float32 (the default). */
    void setTf32(boolean on) {
        try {
            nv.check("cublasSetMathMode", (int) nv.blasSetMathMode.invokeExact(blas, on ? 3 : 0));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    // ---------------------------------------------------------------- launches

    CudaDevice begin() {
        argCount = 0;
        argBytes = 0;
        return this;
    }

    private MemorySegment slot(long size) {
        argBytes = (argBytes + 7) & ~7;
        MemorySegment s = args.asSlice(argBytes, size);
        argPtrs.setAtIndex(ADDRESS, argCount++, s);
        argBytes += (int) size;
        return s;
    }

    CudaDevice ptr(long p) { slot(8).set(JAVA_LONG, 0, p); return this; }
    CudaDevice i32(int v) { slot(4).set(JAVA_INT, 0, v); return this; }
    CudaDevice i64(long v) { slot(8).set(JAVA_LONG, 0, v); return this; }
    CudaDevice f32(double v) { slot(4).set(JAVA_FLOAT, 0, (float) v); return this; }
    CudaDevice f64(double v) { slot(8).set(JAVA_DOUBLE, 0, v); return this; }

    /** A struct of ints passed by value (the broadcast's dims and strides). */
    CudaDevice ints(int[] v) {
        MemorySegment s = slot(4L * v.length);
        for (int i = 0; i < v.length; i++) s.setAtIndex(JAVA_INT, i, v[i]);
        return this;
    }

    /** Launches {@code kernel} over {@code n} elements (grid-stride loops: the grid is capped). */
    void launch(String kernel, long n) {
        int block = 256;
        int grid = (int) Math.max(1, Math.min((n + block - 1) / block, 65535L * 4));
        long t0 = System.nanoTime();
        try {
            nv.check("launch " + kernel, (int) nv.cuLaunchKernel.invokeExact(kernels.function(kernel), grid, 1, 1, block, 1, 1, 0, 0L,
                    argPtrs, 0L));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        launches.incrementAndGet();
        launchNanos.addAndGet(System.nanoTime() - t0);
    }

    void synchronize() {
        try {
            nv.check("cudaDeviceSynchronize", (int) nv.sync.invokeExact());
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        ringUsed = 0;
    }

    // ---------------------------------------------------------------- copies

    /** Pinned host memory of at least {@code bytes}, reused: a copy from pinned memory needs no bounce buffer. */
    MemorySegment staging(long bytes) {
        if (staging == null || staging.byteSize() < bytes) {
            staging = pinned(Math.max(bytes, 1 << 20));
        }
        return staging;
    }

    /** Queues a copy of {@code bytes} from {@code host} (heap or native) into {@code dst} without waiting for it. */
    void uploadAsync(long dst, MemorySegment host, long bytes) {
        long need = (bytes + 255) & ~255L;
        if (ring == null || ringUsed + need > ring.byteSize()) {
            synchronize();  // every queued copy out of the ring is done
            if (ring == null || need > ring.byteSize()) {
                ring = pinned(Math.max(need, 8L << 20));
            }
        }
        MemorySegment slice = ring.asSlice(ringUsed, bytes);
        MemorySegment.copy(host, 0, slice, 0, bytes);
        ringUsed += need;
        toDevice.incrementAndGet();
        toDeviceBytes.addAndGet(bytes);
        try {
            nv.check("cudaMemcpyAsync", (int) nv.memcpyAsync.invokeExact(dst, slice.address(), bytes, Native.H2D, 0L));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Pinned host memory (a speed-up only: pageable memory if the driver refuses), kept for the device's life. */
    private MemorySegment pinned(long size) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            int rc = (int) nv.mallocHost.invokeExact(p, size);
            return rc == 0 ? p.get(ADDRESS, 0).reinterpret(size) : arena.allocate(size, 256);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void copy(long dst, long src, long bytes, int kind) {
        if (bytes == 0) {
            return;
        }
        if (kind == Native.H2D) {
            toDevice.incrementAndGet();
            toDeviceBytes.addAndGet(bytes);
        } else if (kind == Native.D2H) {
            toHost.incrementAndGet();
            toHostBytes.addAndGet(bytes);
        }
        long t0 = System.nanoTime();
        try {
            nv.check("cudaMemcpy", (int) nv.memcpy.invokeExact(dst, src, bytes, kind));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        if (kind != Native.D2D) {
            waitNanos.addAndGet(System.nanoTime() - t0);
        }
        if (kind != Native.D2D) {
            ringUsed = 0;  // a waiting copy: everything queued before it is done
        }
    }

    /** Uploads host ints (labels, index maps) into a fresh device buffer of the pool. */
    DeviceMemory.Block upload(int[] host) {
        DeviceMemory.Block b = memory.allocate(4L * host.length);
        uploadAsync(b.address(), MemorySegment.ofArray(host), 4L * host.length);
        return b;
    }

    DeviceMemory.Block upload(double[] host) {
        DeviceMemory.Block b = memory.allocate(8L * host.length);
        uploadAsync(b.address(), MemorySegment.ofArray(host), 8L * host.length);
        return b;
    }

    /** Copies doubles [offset, offset + host.length) of {@code b} into {@code host}, waiting for the device. */
    void download(DeviceMemory.Block b, int offset, double[] host) {
        MemorySegment s = staging(8L * host.length);
        copy(s.address(), b.address() + 8L * offset, 8L * host.length, Native.D2H);
        MemorySegment.copy(s, JAVA_DOUBLE, 0, host, 0, host.length);
    }

    /** Downloads {@code 2n} doubles of {@code b} in one copy: the first n into {@code first}, the rest into {@code second}. */
    void download(DeviceMemory.Block b, double[] first, double[] second) {
        int n = first.length;
        MemorySegment s = staging(16L * n);
        copy(s.address(), b.address(), 16L * n, Native.D2H);
        MemorySegment.copy(s, JAVA_DOUBLE, 0, first, 0, n);
        MemorySegment.copy(s, JAVA_DOUBLE, 8L * n, second, 0, n);
    }

    void memset(long ptr, long bytes) {
        try {
            nv.check("cudaMemsetAsync", (int) nv.memset.invokeExact(ptr, 0, bytes, 0L));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
