package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An ordered holder of layers registered as children "0", "1", ... (PyTorch's ModuleList). */
final class LayerList extends Module {
    private final List<Layer> layers = new ArrayList<>();

    void add(Layer layer) {
        registerModule(String.valueOf(layers.size()), layer);
        layers.add(layer);
    }

    List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("a layer list has no forward of its own");
    }
}
