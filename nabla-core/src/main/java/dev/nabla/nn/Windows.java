package dev.nabla.nn;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.config.ConfigException;
import java.util.Arrays;
import java.util.List;

/**
 * What convolution and pooling layers share about their windows: reading a size given as one number or
 * one per spatial axis ({@code "kernel_size": 3} or {@code [3, 5]}), checking it, and "same" padding.
 */
final class Windows {
    private Windows() {}

    /** {@code value} repeated {@code axes} times. */
    static int[] repeat(int value, int axes) {
        int[] out = new int[axes];
        Arrays.fill(out, value);
        return out;
    }

    /** A size per axis: one number for all, or an array of {@code axes}; the default when absent. */
    static int[] read(ConfigReader c, String key, int axes, int[] defaultValue) {
        if (!c.has(key)) {
            return defaultValue;
        }
        if (c.map().get(key) instanceof List<?>) {
            int[] v = c.ints(key);
            if (v.length != axes) {
                throw c.error(key, "must be a number or an array of " + axes + ", got " + ConfigReader.shown(c.map().get(key)));
            }
            return v;
        }
        return repeat(c.intValue(key), axes);
    }

    /** Refuses unless {@code values} has {@code axes} entries, each at least {@code min}. */
    static int[] check(String owner, String key, int[] values, int axes, int min) {
        Check.notNull(owner, key, values);
        boolean ok = values.length == axes;
        for (int v : values) {
            ok &= v >= min;
        }
        Check.that(ok, owner, key, axes + " integer" + (axes > 1 ? "s" : "") + " >= " + min, Arrays.toString(values));
        return values.clone();
    }

    /** The padding entry: "same", or a size per axis (one number for all; "valid" is 0). */
    static Object padding(ConfigReader c, int axes, int[] defaultValue) {
        Object v = c.map().get("padding");
        if (v instanceof String s) {
            return switch (s) {
                case "same" -> "same";
                case "valid" -> repeat(0, axes);
                default -> throw new ConfigException(c.pathOf("padding"), "must be \"same\", \"valid\" or a size, got \"" + s + "\"");
            };
        }
        return read(c, "padding", axes, defaultValue);
    }

    /**
     * PyTorch's "same" padding of one axis, {before, after}: the dilated kernel's overhang split with the
     * extra one after.
     */
    static int[] same(int kernel, int dilation) {
        int total = dilation * (kernel - 1);
        return new int[] {total / 2, total - total / 2};
    }
}
