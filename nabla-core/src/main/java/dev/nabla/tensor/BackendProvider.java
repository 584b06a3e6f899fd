package dev.nabla.tensor;

/**
 * Opens the {@link Backend} of a device type that another module implements (a GPU, say), found with
 * {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/dev.nabla.tensor.BackendProvider}. Nabla asks only when a tensor first goes to
 * such a device, so a module that is absent, or whose device is missing, costs the CPU nothing.
 */
public interface BackendProvider {

    /** The device type served, e.g. {@code "cuda"}. */
    String deviceType();

    /** The backend of {@code device} (of {@link #deviceType()}); throws if that device cannot be used. */
    Backend open(Device device);
}
