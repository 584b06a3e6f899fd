package dev.nabla.train;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which run a checkpoint belongs to, written into each one: an id, the time the run started, and the
 * settings that make a run what it is, by name. An experiment gives its spec's sections, its seed and a
 * fingerprint of its data ({@code "$.model"}, {@code "seed"}, ...); the fit adds {@value #EPOCHS}.
 *
 * <p>Resuming compares the checkpoint's settings with the fit's own: any difference but in the epochs
 * is another run, refused unless forced ({@link CheckpointOptions#forceResume}); the epochs may grow, and
 * that is said. A resumed fit keeps the checkpoint's id and start time (it is the same run, continued)
 * with its own settings. Pruning deletes only the fit's own run's checkpoints.
 *
 * @param id the start time (UTC) and a random part, e.g. {@code 20260105-143002-7f3a}
 * @param settings values by name, in the order given; values are compared as text (JSON for objects)
 */
public record RunIdentity(String id, Instant started, Map<String, String> settings) {
    /** The setting the fit adds: its number of epochs, the one difference a resume allows unasked. */
    public static final String EPOCHS = "epochs";
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public RunIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(started, "started");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        settings.forEach((k, v) -> Objects.requireNonNull(v, () -> "run setting '" + k + "' is null"));
    }

    /** A new run starting now, with these settings. */
    public static RunIdentity start(Map<String, String> settings) {
        Instant now = Instant.now();
        String id = ID.format(now) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
        return new RunIdentity(id, now, settings);
    }

    /** This run with one setting added or replaced. */
    public RunIdentity with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(settings);
        m.put(key, value);
        return new RunIdentity(id, started, m);
    }

    /** The run {@code earlier} is, continued with this one's settings: its id and start time, our settings. */
    RunIdentity continuing(RunIdentity earlier) {
        return new RunIdentity(earlier.id, earlier.started, settings);
    }

    /** "run 20260105-143002-7f3a (started 2026-01-05 14:30:02 UTC)": how messages name it. */
    public String describe() {
        return "run " + id + " (started " + SHOWN.format(started) + ")";
    }

    /** As stored in a checkpoint's state JSON. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("started", started.toString());
        m.put("settings", new LinkedHashMap<>(settings));
        return m;
    }

    /** Reads {@link #toJson()}'s form back; an unexpected shape is an IllegalArgumentException. */
    @SuppressWarnings("unchecked")
    static RunIdentity fromJson(Object json) {
        if (!(json instanceof Map<?, ?> m) || !(m.get("id") instanceof String id) || !(m.get("started") instanceof String t)
                || !(m.get("settings") instanceof Map<?, ?> s)) {
            throw new IllegalArgumentException("the run it belongs to is not recorded as {id, started, settings}");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        ((Map<String, Object>) s).forEach((k, v) -> settings.put(k, String.valueOf(v)));
        return new RunIdentity(id, Instant.parse(t), settings);
    }
}
