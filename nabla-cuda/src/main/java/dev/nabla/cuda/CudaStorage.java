package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Storage;
import java.lang.foreign.MemorySegment;

/**
 * A tensor's memory on the GPU: one block of the device's pool, back in the pool when this storage is
 * unreachable. Element reads and writes copy one element (the slow path, as the seam says); the bulk
 * copies go through the device's pinned staging buffer, and every one is counted ({@link CudaBackend#transfers}).
 */
final class CudaStorage extends Storage {
    /** Host arrays up to this size are uploaded through the device's pinned ring without waiting. */
    private static final long ASYNC_UPLOAD_BYTES = 64 << 10;
    private final CudaDevice dev;
    private final DeviceMemory.Block block;

    CudaStorage(CudaBackend backend, DType dtype, int length, boolean zeroed) {
        super(backend, dtype, length);
        this.dev = backend.dev;
        this.block = dev.memory.allocate((long) length * dtype.byteSize());
        dev.memory.releaseWhenUnreachable(this, block);
        if (zeroed) {
            dev.memset(block.address(), bytes());
        }
    }

    /** The device address of element 0. */
    long address() {
        return block.address();
    }

    long bytes() {
        return (long) length() * dtype().byteSize();
    }

    @Override
    public double get(int i) {
        synchronized (dev) {
            MemorySegment s = dev.staging(8);
            dev.copy(s.address(), address() + (long) i * dtype().byteSize(), dtype().byteSize(), Native.D2H);
            return switch (dtype()) {
                case FLOAT32 -> s.get(JAVA_FLOAT, 0);
                case FLOAT64 -> s.get(JAVA_DOUBLE, 0);
                case INT32 -> s.get(JAVA_INT, 0);
            };
        }
    }

    @Override
    public void set(int i, double v) {
        synchronized (dev) {
            MemorySegment s = dev.staging(8);
            switch (dtype()) {
                case FLOAT32 -> s.set(JAVA_FLOAT, 0, (float) v);
                case FLOAT64 -> s.set(JAVA_DOUBLE, 0, v);
                case INT32 -> s.set(JAVA_INT, 0, toInt32(v));
            }
            dev.copy(address() + (long) i * dtype().byteSize(), s.address(), dtype().byteSize(), Native.H2D);
        }
    }

    @Override
    public void copyToHost(Object array) {
        checkHostArray(array);
        synchronized (dev) {
            MemorySegment s = dev.staging(bytes());
            dev.copy(s.address(), address(), bytes(), Native.D2H);
            switch (array) {
                case float[] f -> MemorySegment.copy(s, JAVA_FLOAT, 0, f, 0, length());
                case double[] d -> MemorySegment.copy(s, JAVA_DOUBLE, 0, d, 0, length());
                case int[] a -> MemorySegment.copy(s, JAVA_INT, 0, a, 0, length());
                default -> throw new IllegalArgumentException(array.getClass().getName());
            }
        }
    }

    @Override
    public void copyFromHost(Object array) {
        checkHostArray(array);
        synchronized (dev) {
            if (bytes() <= ASYNC_UPLOAD_BYTES) {  // a scalar made on the device each step (the loss): no wait
                MemorySegment heap = switch (array) {
                    case float[] f -> MemorySegment.ofArray(f);
                    case double[] d -> MemorySegment.ofArray(d);
                    case int[] a -> MemorySegment.ofArray(a);
                    default -> throw new IllegalArgumentException(array.getClass().getName());
                };
                dev.uploadAsync(address(), heap, bytes());
                return;
            }
            MemorySegment s = dev.staging(bytes());
            switch (array) {
                case float[] f -> MemorySegment.copy(f, 0, s, JAVA_FLOAT, 0, length());
                case double[] d -> MemorySegment.copy(d, 0, s, JAVA_DOUBLE, 0, length());
                case int[] a -> MemorySegment.copy(a, 0, s, JAVA_INT, 0, length());
                default -> throw new IllegalArgumentException(array.getClass().getName());
            }
            dev.copy(address(), s.address(), bytes(), Native.H2D);
        }
    }

    @Override
    public Storage copy() {
        synchronized (dev) {
            CudaStorage c = new CudaStorage((CudaBackend) backend(), dtype(), length(), false);
            dev.copy(c.address(), address(), bytes(), Native.D2D);
            return c;
        }
    }
}
