package dev.nabla.autograd;

import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.StepArena;
import dev.nabla.tensor.Tensor;

/**
 * One tensor's autograd record (PyTorch's {@code AutogradMeta}): whether it requires a gradient, the
 * op that made it ({@code grad_fn}), its gradient, and the storage kept for its next gradient. A tensor
 * gets one when it first needs it; {@link Tensor}'s {@code grad()}, {@code setGrad}, {@code zeroGrad()},
 * {@code requiresGrad}, {@code gradFn()}, {@code retainGrad()} read and write it. Only this package
 * attaches a {@code grad_fn} or writes a gradient during backward.
 *
 * <p><b>The contract of gradient storage.</b>
 * <ol>
 *   <li><b>How backward sets {@code .grad}</b> (of a leaf, or of a non-leaf that {@code retainGrad()}):
 *       the engine <em>adopts</em> a leaf's first gradient as is, without a copy, when the tensor has no
 *       gradient yet and the op that computed it marks it as fresh ({@link FreshGradients}: storage that
 *       nothing else references). Otherwise the first gradient is <em>copied</em>: into the spare
 *       storage (3.) when there is one of the tensor's dtype, else into new memory (a cast to the
 *       tensor's dtype is new memory already). Later gradients are <em>added in place</em> into
 *       {@code .grad}, as in PyTorch: gradients accumulate until cleared.
 *   <li><b>Clearing.</b> {@code Tensor.zeroGrad()} drops {@code .grad}; autograd never writes that
 *       tensor again, so a reference kept to it stays valid. {@link #recycle} drops it too, but keeps
 *       it as the spare (3.). {@code setGrad(g)} makes {@code g} the gradient as is (no copy), and the
 *       next backward accumulates into it.
 *   <li><b>The spare.</b> A recycled gradient's storage is reused by the next backward that reaches the
 *       tensor, once, while {@code .grad} is null: an op may compute the gradient straight into it
 *       ({@link Linear}'s weight gradient, overwriting it in full), or the engine copies the first
 *       gradient into it (1.). Only autograd writes into a spare. A reference kept to a recycled
 *       gradient therefore sees it overwritten: copy it before {@link #recycle} to keep it.
 *   <li><b>Step memory.</b> A tensor that becomes a {@code .grad}, by any of the ways above, is kept by
 *       the thread's open {@link StepArena} ({@link StepArena#keepInOpenStep}): a gradient made inside a
 *       training step outlives it, so the optimizer reads it after the step and the next step's
 *       backward can write into it as the spare. Its storage is never handed to a later step.
 * </ol>
 */
public final class GradientSlot {
    private final Tensor owner;
    private boolean requiresGrad;
    private boolean retainsGrad;
    private Tensor grad;
    private Tensor spare;
    private Node gradFn;
    /** Observers of this tensor's gradient during backward; null (the usual case) costs the engine one read. */
    private java.util.function.Consumer<Tensor>[] hooks;

    /** The record of {@code owner}; {@link Tensor} makes it (a slot made elsewhere is used by nothing). */
    public GradientSlot(Tensor owner) {
        this.owner = owner;
    }

    /**
     * Forgets {@code t}'s gradient but keeps it as the spare, for the next backward to write {@code t}'s
     * new gradient into instead of allocating one: what {@code Optimizer.zeroGrad()} does every step, as
     * PyTorch's {@code zero_grad(set_to_none=False)} reuses storage while our {@code .grad} reads null
     * until the next backward. See the contract above (2. and 3.).
     */
    public static void recycle(Tensor t) {
        GradientSlot s = t.gradientSlot();
        if (s.grad != null) {
            s.spare = s.grad;
        }
        s.grad = null;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as a variable whose gradient backward should fill (floating tensors only). */
    public void setRequiresGrad(boolean flag) {
        if (!flag && gradFn != null) {
            throw new IllegalStateException("requiresGrad(false) on a non-leaf (" + gradFn.name()
                    + " output): use detach() to cut it from the graph");
        }
        if (flag && !owner.dtype().isFloating()) {
            throw new IllegalArgumentException("only floating tensors can require gradients, got " + owner.dtype());
        }
        requiresGrad = flag;
    }

    /** The gradient, or null before the first backward and after clearing. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient as is (null clears it and keeps no spare of it); shape checked. */
    public void setGrad(Tensor g) {
        if (g != null && !g.shape().equals(owner.shape())) {
            throw new IllegalArgumentException("setGrad: gradient shape " + g.shape() + " does not match tensor "
                    + owner.shape());
        }
        become(g);
    }

    /** Drops the gradient; autograd never writes the dropped tensor again. */
    public void zeroGrad() {
        grad = null;
    }

    /** The op that produced the tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** Makes backward also keep a non-leaf's gradient. */
    public void retainGrad() {
        retainsGrad = true;
    }

    /** True for leaves and for non-leaves that asked to keep their gradient. */
    public boolean retainsGrad() {
        return retainsGrad || gradFn == null;
    }

    /**
     * Adds an observer of this tensor's gradient (PyTorch's {@code Tensor.register_hook}, observing only):
     * each backward that reaches the tensor calls it once with the whole gradient, every contribution
     * summed, before the gradient flows on to the tensor's inputs. The hook must only read it: the tensor it
     * gets is the one backward passes on (or makes {@code .grad}), and it may be step memory that is handed
     * to the next step, so copy what is to be kept. Hooks run in the order added, on the backward's thread.
     */
    @SuppressWarnings("unchecked")
    public void addHook(java.util.function.Consumer<Tensor> hook) {
        java.util.Objects.requireNonNull(hook, "hook");
        var old = hooks;
        var grown = old == null ? new java.util.function.Consumer[1] : java.util.Arrays.copyOf(old, old.length + 1);
        grown[grown.length - 1] = hook;
        hooks = grown;
    }

    /** Calls the hooks with the complete gradient {@code g} (the engine, once per backward). */
    void runHooks(Tensor g) {
        var hs = hooks;
        if (hs != null) {
            for (var h : hs) {
                h.accept(g);
            }
        }
    }

    // ---------------------------------------------------------------- autograd's writes (the contract's 1. and 3.)

    static GradientSlot of(Tensor t) {
        return t.gradientSlot();
    }

    /** Records {@code node} as the producer of the tensor (Node.record). */
    void attach(Node node) {
        gradFn = node;
        requiresGrad = true;
    }

    /** Takes a fresh first gradient as {@code .grad} without a copy (the engine, for leaves). */
    void adopt(Tensor g) {
        become(g);
    }

    /** Adds {@code g} into {@code .grad}: the first one copied (into the spare if any), later ones in place. */
    void accumulate(Tensor g) {
        Tensor cast = g.dtype() == owner.dtype() ? g : ElementwiseMath.cast(g, owner.dtype());
        if (grad == null) {
            Tensor s = cast == g ? takeSpare() : null;
            if (s != null) {
                s.copyFrom(g);
            }
            become(s != null ? s : cast == g ? g.copy() : cast);
        } else {
            grad.addInPlace(cast, 1); // the engine runs under NoGrad, and a gradient does not require grad
        }
    }

    /** For an op's backward: the spare storage for this tensor's next gradient (taken once), else null. */
    Tensor takeSpare() {
        Tensor s = spare;
        if (grad != null || s == null || s.dtype() != owner.dtype()) {
            return null;
        }
        spare = null;
        return s;
    }

    private void become(Tensor g) {
        grad = g;
        if (g != null) {
            StepArena.keepInOpenStep(g);
        }
    }
}
