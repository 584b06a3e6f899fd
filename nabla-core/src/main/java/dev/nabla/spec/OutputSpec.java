package dev.nabla.spec;

import dev.nabla.config.ConfigReader;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code "output"} section: {@code {"dir": "runs/digits"}}, where a command writes the model, the
 * history and plots; {@code runs/<spec name>} when left out. Unlike data paths it is not resolved
 * against the spec's directory: like any command's output it goes where the command is run from, so
 * example specs kept in a repository do not write into it.
 */
public record OutputSpec(Path dir) {
    public OutputSpec {
        Objects.requireNonNull(dir, "dir");
    }

    static OutputSpec parse(ConfigReader o, String specName) {
        if (o == null) {
            return new OutputSpec(Path.of("runs", specName));
        }
        o.allowOnly("dir");
        String dir = o.string("dir");
        if (dir.isBlank()) {
            throw o.error("dir", "must be a directory path, got an empty string");
        }
        return new OutputSpec(Path.of(dir));
    }
}
