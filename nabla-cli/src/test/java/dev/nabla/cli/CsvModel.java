package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small model trained through the command on a semicolon-separated CSV with a header ({@code a;b;label}):
 * what the predict and eval tests feed files to. Training takes well under a second.
 */
final class CsvModel {
    /** The XOR table twice, labelled by words, separated by semicolons. */
    static final String TRAINING_CSV = "a;b;label\n0;0;no\n0;1;yes\n1;0;yes\n1;1;no\n0;0;no\n0;1;yes\n1;0;yes\n1;1;no\n";

    private CsvModel() {}

    /** Writes the CSV and its spec into {@code dir}, trains, and returns the model file. */
    static Path train(Path dir) throws IOException {
        Files.writeString(dir.resolve("train.csv"), TRAINING_CSV);
        Path spec = dir.resolve("csvxor.json");
        Files.writeString(spec, """
                {"name": "csvxor", "data": {"source": "csv", "path": "train.csv", "delimiter": ";"},
                 "model": {"type": "Sequential", "layers": [{"type": "Dense", "units": 8, "activation": "tanh"},
                                                            {"type": "Dense", "units": 2}]},
                 "loss": {"name": "cross_entropy"}, "optimizer": {"name": "adam", "lr": 0.05},
                 "training": {"epochs": 30, "batch_size": 4}, "metrics": ["accuracy"]}
                """);
        Path out = dir.resolve("run");
        Cli.Run r = Cli.nabla("train", spec.toString(), "--out", out.toString(), "--quiet", "--no-plots");
        assertEquals(0, r.code(), r.err());
        return out.resolve("model.safetensors");
    }
}
