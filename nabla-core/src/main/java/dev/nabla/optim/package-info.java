/**
 * Optimizers (per-parameter state, step, zeroGrad, clipping, weight decay) and learning-rate schedules.
 *
 * <p>{@link dev.nabla.optim.Optimizer} owns what every optimizer shares: the learning rate and its
 * {@link dev.nabla.optim.LrSchedule}, clipping by value and by global norm, L2 or decoupled weight decay,
 * the update counts and the state dict. Each optimizer adds a config record (validated where it is built,
 * holding the only copy of its defaults), its state buffers and its update rule, which follows PyTorch's
 * {@code torch.optim} exactly: {@link dev.nabla.optim.SGD} (momentum, Nesterov),
 * {@link dev.nabla.optim.AdaGrad}, {@link dev.nabla.optim.RMSprop} (momentum, centered),
 * {@link dev.nabla.optim.Adam} (AMSGrad) and {@link dev.nabla.optim.AdamW}. Each class's Javadoc says how
 * its form relates to the lecture notes'.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), Adam.Config.DEFAULT.withLr(3e-4).withAmsgrad(true))
 *         .setClipNorm(1.0)
 *         .setSchedule(new LrSchedule.CosineDecay(10_000, 1e-5));
 * for (int step = 0; step < 10_000; step++) {
 *     opt.zeroGrad();
 *     lossOn(model, nextBatch()).backward();
 *     opt.step();
 * }
 * Map<String, Tensor> checkpoint = opt.stateDict();   // "step", "lr_scale", "0.exp_avg", ...
 * }</pre>
 *
 * <p>The schedules are PyTorch's too: exponential, step and cosine decay, and the 1cycle policy
 * ({@link dev.nabla.optim.OneCycle}, {@code OneCycleLR}), which also cycles the momentum (SGD's, RMSprop's, or
 * Adam's β1) and peaks at the optimizer's configured rate:
 *
 * <pre>{@code
 * new SGD(model.parameters(), SGD.Config.DEFAULT.withLr(0.1).withNesterov(0.9))
 *         .setSchedule(OneCycle.DEFAULT.withTotalSteps(epochs * batchesPerEpoch));
 * }</pre>
 */
package dev.nabla.optim;
