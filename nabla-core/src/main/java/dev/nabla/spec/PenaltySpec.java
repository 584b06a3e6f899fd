package dev.nabla.spec;

import dev.nabla.config.ConfigReader;
import dev.nabla.train.Penalty;
import java.util.List;
import java.util.Objects;

/**
 * An entry of the {@code "penalties"} list: {@code {"kind": "l2", "lambda": 1e-4}} adds λ Σ‖W‖² over
 * every weight (not biases) to the training loss. Kept as plain data because {@link Penalty} holds a
 * predicate, which has no equality and no JSON form.
 */
public record PenaltySpec(Penalty.Kind kind, double lambda) {
    public PenaltySpec {
        Objects.requireNonNull(kind, "kind");
        create(kind, lambda); // Penalty's own check of lambda
    }

    /** An entry of the {@code "penalties"} list. */
    static PenaltySpec read(ConfigReader o) {
        o.allowOnly("kind", "lambda");
        String kind = o.choice("kind", "penalty", List.of("l1", "l2"));
        return new PenaltySpec(Penalty.Kind.valueOf(kind.toUpperCase()), o.number("lambda", v -> v >= 0, "a number >= 0"));
    }

    /** The penalty over every parameter named {@code ...weight}. */
    public Penalty create() {
        return create(kind, lambda);
    }

    private static Penalty create(Penalty.Kind kind, double lambda) {
        return kind == Penalty.Kind.L1 ? Penalty.l1(lambda) : Penalty.l2(lambda);
    }
}
