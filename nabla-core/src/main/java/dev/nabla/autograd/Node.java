package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * One recorded op in the graph (PyTorch's {@code grad_fn}): the inputs it read, the values it saved
 * for its backward pass, and that backward pass. Subclasses put the chain rule right under the
 * forward so a reader can check one against the other.
 *
 * <p>Saved tensors remember their version; if one is changed in place before backward runs, the
 * backward refuses instead of returning a wrong gradient.
 */
public abstract class Node {
    private static final Tensor[] NONE = new Tensor[0];

    private final String name;
    private Tensor[] inputs;
    private Tensor[] saved = NONE;
    private int[] savedVersions = new int[0];
    private boolean released;

    protected Node(String name, Tensor... inputs) {
        this.name = name;
        this.inputs = inputs;
    }

    /** The op's name, as used in error messages and gradient-check reports. */
    public final String name() {
        return name;
    }

    /** The tensors this op read. */
    public final List<Tensor> inputs() {
        return List.of(inputs);
    }

    /** True if input {@code i} needs a gradient, so its backward term is worth computing. */
    protected final boolean needs(int i) {
        return inputs[i].requiresGrad();
    }

    /** Keeps tensors for the backward pass and remembers their versions. */
    protected final void save(Tensor... tensors) {
        saved = tensors;
        savedVersions = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            savedVersions[i] = tensors[i].version();
        }
    }

    /** A saved tensor, checked to be unchanged since the forward pass. */
    protected final Tensor saved(int i) {
        if (released) {
            throw new IllegalStateException(name + ": its saved values were freed by an earlier backward()");
        }
        Tensor t = saved[i];
        if (t.version() != savedVersions[i]) {
            throw new IllegalStateException(name + ": a tensor of shape " + t.shape() + " saved for the backward pass "
                    + "was modified in place after the forward pass (version " + savedVersions[i] + ", now "
                    + t.version() + "); compute on a copy instead");
        }
        return t;
    }

    /**
     * Gradients with respect to each input, given the gradient of the output; an entry may be null
     * when that input needs none. Runs with recording off.
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /** True if the gradients of any of these tensors are being recorded. */
    protected static boolean recording(Tensor... inputs) {
        if (NoGrad.active()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** Makes this node the producer of {@code out} and returns {@code out}. */
    protected final Tensor record(Tensor out) {
        GradientSlot.of(out).attach(this);
        return out;
    }

    final boolean released() {
        return released;
    }

    /** Frees saved values and inputs after backward (unless the graph is retained). */
    final void release() {
        released = true;
        saved = NONE;
        inputs = NONE;
    }

    Tensor[] rawInputs() {
        return inputs;
    }

    @Override
    public String toString() {
        return name + "Backward" + Arrays.toString(Arrays.stream(inputs).map(Tensor::shape).toArray());
    }
}
