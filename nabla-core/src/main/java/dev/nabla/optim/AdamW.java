package dev.nabla.optim;

import dev.nabla.nn.Parameter;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter, 2019), exactly as PyTorch's {@code torch.optim.AdamW}: weight decay
 * taken out of the gradient and applied to the weights directly, then {@link Adam}'s update:
 *
 * <pre>
 *   θ ← θ − η·wd·θ
 *   θ ← Adam(θ, g)            (the gradient has no wd·θ in it)
 * </pre>
 *
 * <p>With L2 in the gradient (Adam's {@code weightDecay}), the decay is divided by √v̂ like the rest of
 * the gradient, so weights with large gradients are barely regularized; decoupled, every weight decays
 * at the same rate η·wd. The lecture's remark that well-tuned SGD can beat "Adam (with naive l2 reg)"
 * (seed 003) is about that difference.
 */
public final class AdamW extends Adam {
    /** {@link Adam.Config#DEFAULT} with the decay decoupled and PyTorch's AdamW weight decay, 0.01. */
    public static final Adam.Config DEFAULT = Adam.Config.DEFAULT.withWeightDecay(0.01).withDecoupledWeightDecay(true);

    public AdamW(List<Parameter> params, double lr) {
        this(params, DEFAULT.withLr(lr));
    }

    /** Takes an {@link Adam.Config} (start from {@link #DEFAULT}); the decay is decoupled whatever it says. */
    public AdamW(List<Parameter> params, Adam.Config config) {
        super(params, config.withDecoupledWeightDecay(true));
    }
}
