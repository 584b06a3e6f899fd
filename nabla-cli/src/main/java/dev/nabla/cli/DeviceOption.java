package dev.nabla.cli;

import dev.nabla.tensor.Backend;
import dev.nabla.tensor.Device;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code --device cpu|cuda|cuda:N}: the device named and its backend opened up front, so that a missing
 * GPU, driver or library is said in one line before any data is read. The CUDA backend comes from the
 * nabla-cuda jar in {@code lib/} (found through {@code ServiceLoader}); without it, or without a GPU, the
 * message says what was looked for and where (exit 1); a name that is no device is a usage error (exit 2).
 */
final class DeviceOption {
    private DeviceOption() {}

    static Device open(CommandLine cmd, String name) {
        Device device;
        try {
            device = Device.of(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, "--device " + name + ": expected cpu, cuda or cuda:N");
        }
        if (device.isCpu()) {
            return device;
        }
        try {
            Backend.forDevice(device);
        } catch (IllegalStateException e) {  // the device type is known, but cannot be used here
            throw new IllegalStateException("--device " + name + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {  // no module serves the type
            throw new ParameterException(cmd, "--device " + name + ": no such device type here (cpu, or cuda with the"
                    + " nabla-cuda module in the launcher's lib folder)");
        }
        return device;
    }
}
