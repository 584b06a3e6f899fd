package dev.nabla.cuda;

import dev.nabla.tensor.Backend;
import dev.nabla.tensor.BackendProvider;
import dev.nabla.tensor.Device;

/**
 * Opens {@code cuda:N} for nabla-core ({@code ServiceLoader}): finds the libraries ({@link CudaLibraries}),
 * binds them and opens the device. Without a driver, the libraries or a GPU it throws
 * {@link CudaUnavailableException}, one line saying what was looked for and where.
 */
public final class CudaProvider implements BackendProvider {
    private static Native nv;

    @Override
    public String deviceType() {
        return "cuda";
    }

    @Override
    public Backend open(Device device) {
        return new CudaBackend(new CudaDevice(bind(), device.index()));
    }

    /** The bound libraries, once per JVM. */
    private static synchronized Native bind() {
        if (nv == null) {
            nv = new Native(CudaLibraries.find());
        }
        return nv;
    }
}
