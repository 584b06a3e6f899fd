package dev.nabla.offheap;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.Storage;

/** A made-up device whose memory is off the heap; it computes by delegating to the CPU through the heap. */
final class OffHeapBackend extends HostDelegatingBackend {
    static final Device DEVICE = new Device("offheap", 0);

    @Override
    public Device device() {
        return DEVICE;
    }

    @Override
    public Storage allocate(DType dtype, int length, boolean zeroed) {
        return new OffHeapStorage(this, dtype, length); // zeroed either way: the segment starts cleared
    }
}
