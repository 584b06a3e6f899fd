package dev.nabla.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the backend of a device: the CPU's, a registered one, or one a provider opens on first use. */
final class Backends {
    private static final Map<Device, Backend> OPEN = new ConcurrentHashMap<>();

    private Backends() {}

    static Backend forDevice(Device device) {
        if (device.isCpu()) {
            return CpuBackend.INSTANCE;
        }
        Backend b = OPEN.get(device);
        return b != null ? b : OPEN.computeIfAbsent(device, Backends::open);
    }

    static void register(Backend backend) {
        Device d = backend.device();
        if (d.isCpu()) {
            throw new IllegalArgumentException("Backend.register: the CPU's backend is built in, got " + backend);
        }
        OPEN.put(d, backend);
    }

    private static Backend open(Device device) {
        List<String> types = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.deviceType().equals(device.type())) {
                Backend b = p.open(device);
                if (!b.device().equals(device)) {
                    throw new IllegalStateException(p.getClass().getName() + " opened " + b.device() + " for " + device);
                }
                return b;
            }
            types.add(p.deviceType());
        }
        throw new IllegalArgumentException("no backend for device " + device + ": known device types are cpu"
                + (types.isEmpty() ? "" : ", " + String.join(", ", types)) + ", plus any registered with Backend.register"
                + " (a GPU needs its module, e.g. nabla-cuda, on the class path)");
    }

    static IllegalArgumentException mixed(String op, Tensor a, Tensor b) {
        return new IllegalArgumentException(op + ": tensors on different devices, " + a.device() + " " + a.shape()
                + " and " + b.device() + " " + b.shape() + "; move one with to(device)");
    }
}
