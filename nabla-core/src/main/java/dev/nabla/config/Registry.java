package dev.nabla.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The names of one family of settings (layers, activations, losses, optimizers...) and how to read each
 * from a config: the one place a family's members are listed, used by model files and experiment specs
 * alike. A member is written back by {@link ConfigWriter} from its record, so adding one is its class and
 * one {@link #register} line.
 *
 * <pre>{@code
 * Losses.register("pinball", Pinball.class, c -> new Pinball(c.number("tau", 0.5)));
 * Loss l = Losses.read(Map.of("name", "pinball", "tau", 0.9), "loss");
 * }</pre>
 *
 * @param <T> the family's type
 */
public final class Registry<T> {
    private static final List<Registry<?>> ALL = new CopyOnWriteArrayList<>();

    private record Entry<T>(Class<? extends T> type, Function<ConfigReader, ? extends T> reader) {}

    private final Class<T> base;
    private final String what;
    private final String key;
    private final Map<String, Entry<T>> entries = Collections.synchronizedMap(new LinkedHashMap<>());

    /**
     * @param base the family's type
     * @param what how errors name a member ("activation", "layer type")
     * @param key the entry that names the member in a config ({@code "name"}, {@code "type"}, {@code "kind"})
     */
    public Registry(Class<T> base, String what, String key) {
        this.base = base;
        this.what = what;
        this.key = key;
        ALL.add(this);
    }

    /**
     * Adds a member: configs naming it are read by {@code reader} (over the config without the naming key),
     * and values of class {@code type} are written under this name. A taken name is an error, so two
     * libraries cannot silently replace each other's members; one class may serve several names (it is
     * written under the first).
     */
    public void register(String name, Class<? extends T> type, Function<ConfigReader, ? extends T> reader) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("register: a " + what + " needs a non-empty name, got '" + name + "'");
        }
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(reader, "reader");
        if (entries.putIfAbsent(name, new Entry<>(type, reader)) != null) {
            throw new IllegalStateException("register: " + what + " '" + name + "' is already registered");
        }
    }

    /** The registered names, in registration order (built-ins first). */
    public List<String> names() {
        synchronized (entries) {
            return List.copyOf(entries.keySet());
        }
    }

    /** The class the member {@code name} is written from (the one given to {@link #register}), or null. */
    public Class<? extends T> typeOf(String name) {
        Entry<T> e = entries.get(name);
        return e == null ? null : e.type();
    }

    /** The key that names a member in a config. */
    public String key() {
        return key;
    }

    /** The member a config object describes. */
    public T read(ConfigReader config) {
        String name = config.choice(key, what, names());
        return create(name, config.without(key));
    }

    /** The member a raw config value describes: an object with its name, or the name alone. */
    public T read(Object raw, String path) {
        if (raw instanceof String name) {
            if (!entries.containsKey(name)) {
                throw new ConfigException(path, "unknown " + what + " '" + name + "'; allowed: " + String.join(", ", names()));
            }
            return create(name, ConfigReader.of(Map.of(), path));
        }
        if (raw instanceof Map<?, ?> m) {
            return read(ConfigReader.of(m, path));
        }
        throw new ConfigException(path, "must be a " + what + " (an object with its '" + key + "', or the name alone), got "
                + ConfigReader.shown(raw));
    }

    private T create(String name, ConfigReader settings) {
        try {
            T value = entries.get(name).reader().apply(settings);
            if (value == null) {
                throw new ConfigException(settings.path(), "the reader of " + what + " '" + name + "' returned nothing");
            }
            return value;
        } catch (ConfigException e) {
            throw e.under(settings.path());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(settings.path(), e.getMessage(), e);
        }
    }

    /** The name {@code value} is written under, or null if its class is not registered. */
    public String nameOf(Object value) {
        if (!base.isInstance(value)) {
            return null;
        }
        synchronized (entries) {
            for (Map.Entry<String, Entry<T>> e : entries.entrySet()) {
                if (e.getValue().type() == value.getClass()) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    /** The config of a member: its name under {@link #key()}, then its record's entries. */
    public Map<String, Object> write(T value) {
        String name = nameOf(value);
        if (name == null) {
            throw new IllegalArgumentException("cannot write " + value + ": its class " + value.getClass().getName()
                    + " is not a registered " + what + " (known: " + String.join(", ", names()) + ")");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(key, name);
        out.putAll(ConfigWriter.entries(value));
        return out;
    }

    Map<String, Object> writeAny(Object value) {
        return write(base.cast(value));
    }

    /** The registry that knows {@code value}'s class, or null. */
    static Registry<?> familyOf(Object value) {
        for (Registry<?> r : ALL) {
            if (r.nameOf(value) != null) {
                return r;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return what + "s " + new ArrayList<>(names());
    }
}
