package dev.nabla.offheap;

import dev.nabla.tensor.Backend;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Storage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A tensor's memory outside the heap: one native segment, freed with it (Arena.ofAuto). */
final class OffHeapStorage extends Storage {
    private final MemorySegment segment;

    OffHeapStorage(Backend backend, DType dtype, int length) {
        super(backend, dtype, length);
        segment = Arena.ofAuto().allocate((long) length * dtype.byteSize(), 8);
        segment.fill((byte) 0);
    }

    @Override
    public double get(int i) {
        return switch (dtype()) {
            case FLOAT32 -> segment.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            case FLOAT64 -> segment.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            case INT32 -> segment.getAtIndex(ValueLayout.JAVA_INT, i);
        };
    }

    @Override
    public void set(int i, double v) {
        switch (dtype()) {
            case FLOAT32 -> segment.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) v);
            case FLOAT64 -> segment.setAtIndex(ValueLayout.JAVA_DOUBLE, i, v);
            case INT32 -> segment.setAtIndex(ValueLayout.JAVA_INT, i, toInt32(v));
        }
    }

    @Override
    public void copyToHost(Object array) {
        checkHostArray(array);
        switch (array) {
            case float[] f -> MemorySegment.copy(segment, ValueLayout.JAVA_FLOAT, 0, f, 0, length());
            case double[] d -> MemorySegment.copy(segment, ValueLayout.JAVA_DOUBLE, 0, d, 0, length());
            case int[] a -> MemorySegment.copy(segment, ValueLayout.JAVA_INT, 0, a, 0, length());
            default -> throw new IllegalArgumentException(array.getClass().getName());
        }
    }

    @Override
    public void copyFromHost(Object array) {
        checkHostArray(array);
        switch (array) {
            case float[] f -> MemorySegment.copy(f, 0, segment, ValueLayout.JAVA_FLOAT, 0, length());
            case double[] d -> MemorySegment.copy(d, 0, segment, ValueLayout.JAVA_DOUBLE, 0, length());
            case int[] a -> MemorySegment.copy(a, 0, segment, ValueLayout.JAVA_INT, 0, length());
            default -> throw new IllegalArgumentException(array.getClass().getName());
        }
    }

    @Override
    public Storage copy() {
        OffHeapStorage c = new OffHeapStorage(backend(), dtype(), length());
        MemorySegment.copy(segment, 0, c.segment, 0, segment.byteSize());
        return c;
    }
}
