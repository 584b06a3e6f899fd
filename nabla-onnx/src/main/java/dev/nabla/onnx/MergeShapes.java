package dev.nabla.onnx;

import dev.nabla.nn.Layer;
import dev.nabla.nn.Merge;
import dev.nabla.tensor.Shape;
import java.util.List;

/** The per-sample output shape of a merge of imported values, checked as the Graph will check it. */
final class MergeShapes {
    private MergeShapes() {}

    static Shape of(Layer layer, List<GraphTranslator.Value> from) {
        Shape first = from.get(0).shape();
        if (layer instanceof Merge.Concatenate c) {
            int axis = c.config().axis() > 0 ? c.config().axis() - 1 : first.rank() + c.config().axis();
            if (axis < 0 || axis >= first.rank()) {
                throw new IllegalArgumentException("axis " + c.config().axis() + " is outside the inputs' feature axes "
                        + "(per-sample shape " + first + ")");
            }
            for (GraphTranslator.Value v : from) {
                if (v.shape().rank() != first.rank()) {
                    throw new IllegalArgumentException("inputs of different ranks: " + first + " and " + v.shape());
                }
            }
            int[] dims = first.dims().clone();
            dims[axis] = 0;
            for (GraphTranslator.Value v : from) {
                dims[axis] += v.shape().dim(axis);
            }
            return Shape.of(dims);
        }
        for (GraphTranslator.Value v : from) {
            if (!v.shape().equals(first)) {
                throw new IllegalArgumentException("inputs must have one shape, got " + first + " and "
                        + v.shape());
            }
        }
        return first;
    }
}
