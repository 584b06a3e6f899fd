package dev.nabla.tensor;

import java.util.regex.Pattern;

/**
 * Where a tensor's memory lives: a device type and its index, as PyTorch names them ({@code cpu},
 * {@code cuda:0}). The CPU is always there; other devices are served by a {@link Backend} found at run
 * time ({@link Backend#forDevice}).
 *
 * @param type lower-case letters, digits and underscores, e.g. {@code "cpu"}, {@code "cuda"}
 * @param index which device of that type, from 0 (the CPU has only 0)
 */
public record Device(String type, int index) {
    // before CPU: the constructor of CPU reads it
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*");

    /** The JVM's heap, where the Java kernels run. */
    public static final Device CPU = new Device("cpu", 0);

    public Device {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("Device: type must be lower-case letters, digits and '_', got '" + type + "'");
        }
        if (index < 0 || type.equals("cpu") && index != 0) {
            throw new IllegalArgumentException("Device: index must be >= 0 (0 for cpu), got " + type + ":" + index);
        }
    }

    /** A device from its name: {@code "cpu"}, {@code "cuda"} (index 0) or {@code "cuda:1"}. */
    public static Device of(String name) {
        int colon = name.indexOf(':');
        if (colon < 0) {
            return new Device(name, 0);
        }
        try {
            return new Device(name.substring(0, colon), Integer.parseInt(name.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Device: expected type or type:index, got '" + name + "'", e);
        }
    }

    /** True for the JVM's heap. */
    public boolean isCpu() {
        return this.equals(CPU);
    }

    /** {@code "cpu"}, or {@code type:index} ({@code "cuda:0"}). */
    @Override
    public String toString() {
        return isCpu() ? type : type + ":" + index;
    }
}
