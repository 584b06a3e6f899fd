package dev.nabla.nn;

import java.util.List;
import java.util.Objects;

/**
 * One node of a {@link Graph}: its name, its layer, and the names of the inputs or nodes it reads, in
 * order. A {@link Merge} node reads two or more; any other layer reads exactly one.
 */
public record GraphNode(String name, Layer layer, List<String> inputs) {
    public GraphNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(layer, "layer");
        inputs = List.copyOf(inputs);
    }

    @Override
    public String toString() {
        return name + " = " + layer.describe() + "(" + String.join(", ", inputs) + ")";
    }
}
