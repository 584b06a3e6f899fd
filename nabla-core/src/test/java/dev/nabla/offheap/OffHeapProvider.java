package dev.nabla.offheap;

import dev.nabla.tensor.Backend;
import dev.nabla.tensor.BackendProvider;
import dev.nabla.tensor.Device;

/** Found through META-INF/services, as a GPU module's provider would be: nothing registers it by hand. */
public final class OffHeapProvider implements BackendProvider {
    @Override
    public String deviceType() {
        return OffHeapBackend.DEVICE.type();
    }

    @Override
    public Backend open(Device device) {
        if (device.index() != 0) {
            throw new IllegalArgumentException("offheap: only device 0 exists, got " + device);
        }
        return new OffHeapBackend();
    }
}
