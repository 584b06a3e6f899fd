package dev.nabla.spec;

import dev.nabla.train.Penalty;
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

    /** The penalty over every parameter named {@code ...weight}. */
    public Penalty create() {
        return create(kind, lambda);
    }

    private static Penalty create(Penalty.Kind kind, double lambda) {
        return kind == Penalty.Kind.L1 ? Penalty.l1(lambda) : Penalty.l2(lambda);
    }
}
