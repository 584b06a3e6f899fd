package dev.nabla.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes settings records as config maps (what JSON writers take): one entry per record component, its
 * name in snake case ({@code useBias} → {@code use_bias}), so a record's file form is its declaration and
 * cannot drift from it. Nested values of a registered family (a Dense layer's activation) are written by
 * their {@link Registry}, with their name; enums as their lower-case names; arrays as lists.
 */
public final class ConfigWriter {
    private ConfigWriter() {}

    /** The entries of a settings record (or a {@link CustomConfig}), without a discriminator. */
    public static Map<String, Object> entries(Object settings) {
        if (settings instanceof CustomConfig c) {
            Map<String, Object> out = new LinkedHashMap<>();
            c.configEntries().forEach((k, v) -> out.put(k, value(v)));
            return out;
        }
        if (!(settings instanceof Record r)) {
            throw new IllegalArgumentException("cannot write a " + settings.getClass().getName()
                    + " as config entries: settings are records (or implement CustomConfig)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            out.put(key(c.getName()), value(component(r, c)));
        }
        return out;
    }

    /** One value in config form. */
    public static Object value(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Number n -> n;
            case Enum<?> e -> e.name().toLowerCase();
            case int[] a -> java.util.Arrays.stream(a).boxed().toList();
            case long[] a -> java.util.Arrays.stream(a).boxed().toList();
            case double[] a -> java.util.Arrays.stream(a).boxed().toList();
            case double[][] a -> java.util.Arrays.stream(a).map(ConfigWriter::value).toList();
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(x -> out.add(value(x)));
                yield out;
            }
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(String.valueOf(k), value(x)));
                yield out;
            }
            default -> {
                Registry<?> family = Registry.familyOf(v);
                yield family != null ? family.writeAny(v) : entries(v);
            }
        };
    }

    /** A component name as a config key: {@code initialAccumulatorValue} → {@code initial_accumulator_value}. */
    public static String key(String componentName) {
        StringBuilder b = new StringBuilder(componentName.length() + 4);
        for (char c : componentName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Object component(Record r, RecordComponent c) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
        }
    }
}
