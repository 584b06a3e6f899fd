package dev.nabla.optim;

import dev.nabla.autograd.GradientSlot;
import dev.nabla.autograd.NoGrad;
import dev.nabla.config.Check;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.OptimizerMath;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Updates a fixed list of parameters from their gradients. A subclass is three things: its config (a
 * record validated where it is built), its per-parameter state ({@link #createState}, built once, on a
 * parameter's first update) and its update rule ({@link #update}). This class owns the rest:
 *
 * <ul>
 *   <li>the learning rate and its {@link LrSchedule};
 *   <li>gradient clipping: by value ({@link #setClipValue}: each element into [-v, v]) and then by global
 *       norm ({@link #setClipNorm}: as {@code torch.nn.utils.clip_grad_norm_}, all gradients scaled by
 *       {@code maxNorm / (norm + 1e-6)} when that is below 1);
 *   <li>weight decay: coupled (L2, PyTorch's {@code weight_decay}: {@code g += wd·θ} after clipping) or
 *       decoupled (AdamW: {@code θ -= lr·wd·θ} before the update);
 *   <li>the update counts and {@link #stateDict()} for checkpoints.
 * </ul>
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), 1e-3);
 * for (Batch b : loader) {
 *     opt.zeroGrad();
 *     loss(model, b).backward();
 *     opt.step();
 * }
 * }</pre>
 *
 * <p><b>Learning rate, schedule and plateau.</b> The rate of the next update is
 * {@code schedule.lr(t, lr0) · scale}: {@code t} counts the updates done, {@code lr0} is the configured
 * rate, {@code scale} starts at 1. {@link #setLearningRate(double)} (what ReduceLROnPlateau calls)
 * changes {@code scale} so that the next update uses the given rate; the schedule keeps its shape from
 * there, so a plateau factor multiplies the scheduled rate from then on (PyTorch's chained schedulers
 * behave the same way).
 */
public abstract class Optimizer {
    /** Added to the global norm before dividing, as in {@code clip_grad_norm_}. */
    private static final double CLIP_NORM_EPS = 1e-6;

    private final List<Parameter> params;
    private final Map<Parameter, State> states = new IdentityHashMap<>();
    private final double baseLr;
    private final double weightDecay;
    private final boolean decoupledWeightDecay;
    private LrSchedule schedule = LrSchedule.constant();
    private double lrScale = 1;
    private double clipNorm = Double.POSITIVE_INFINITY;
    private double clipValue = Double.POSITIVE_INFINITY;
    private long steps;

    /**
     * @param params the parameters to update: non-empty, no duplicates
     * @param lr the base learning rate (validated by the subclass's config)
     * @param weightDecay 0 for none
     * @param decoupledWeightDecay true for AdamW's {@code θ -= lr·wd·θ}, false for L2 in the gradient
     */
    protected Optimizer(List<Parameter> params, double lr, double weightDecay, boolean decoupledWeightDecay) {
        String name = getClass().getSimpleName();
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(name + ": needs at least one parameter, got an empty list");
        }
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (p == null) {
                throw new IllegalArgumentException(name + ": parameter " + i + " is null");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException(name + ": parameter " + i + " (" + p + ") appears twice in the list");
            }
        }
        this.params = List.copyOf(params);
        this.baseLr = Check.positive(name, "lr", lr);
        this.weightDecay = Check.nonNegative(name, "weight_decay", weightDecay);
        this.decoupledWeightDecay = decoupledWeightDecay;
    }

    // ---------------------------------------------------------------- what a subclass writes

    /** Adds the parameter's state buffers ({@link State#add}); called once, on its first update. */
    protected abstract void createState(Tensor param, State state);

    /**
     * Updates {@code param} in place from the gradient {@code grad} (already clipped and with coupled
     * weight decay added; do not modify it) at learning rate {@code lr}. {@code state.step()} is the
     * number of this parameter's updates including this one (1 on the first). Runs under NoGrad.
     */
    protected abstract void update(Tensor param, Tensor grad, State state, double lr);

    // ---------------------------------------------------------------- the training loop's calls

    /**
     * Clears every parameter's gradient (each becomes null, so a parameter that takes no part in the
     * next backward is skipped by {@link #step()}), keeping its storage for the next backward to write
     * into, as PyTorch's {@code zero_grad(set_to_none=False)} does ({@link GradientSlot#recycle}): a training
     * step then allocates no weight-sized gradient. Copy a gradient you need to keep past this call.
     */
    public void zeroGrad() {
        for (Parameter p : params) {
            GradientSlot.recycle(p.value());
        }
    }

    /** One update of every parameter that has a gradient (those without one are skipped). */
    public void step() {
        double lr = learningRate();
        List<Parameter> live = new ArrayList<>();
        for (Parameter p : params) {
            if (p.grad() != null) {
                live.add(p);
            }
        }
        double scale = clipScale(live);
        try (NoGrad ignored = NoGrad.enter()) {
            for (Parameter p : live) {
                State state = states.computeIfAbsent(p, this::newState);
                state.step++;
                Tensor grad = effectiveGradient(p, scale);
                if (decoupledWeightDecay && weightDecay != 0) {
                    OptimizerMath.scale(p.value(), 1 - lr * weightDecay);   // θ ← θ − η·wd·θ
                }
                update(p.value(), grad, state, lr);
                p.value().markModified(); // the kernels wrote the raw arrays
            }
        }
        steps++;
    }

    private State newState(Parameter p) {
        State s = new State(p.value());
        createState(p.value(), s);
        return s;
    }

    /** The factor clip-by-norm applies to every gradient (1 when off or not needed). */
    private double clipScale(List<Parameter> live) {
        if (clipNorm == Double.POSITIVE_INFINITY) {
            return 1;
        }
        double sumSq = 0;
        for (Parameter p : live) {
            sumSq += OptimizerMath.sumSquares(p.grad(), clipValue);
        }
        double norm = Math.sqrt(sumSq);
        if (!Double.isFinite(norm)) {
            throw new ArithmeticException(getClass().getSimpleName() + ": cannot clip gradients whose global norm is "
                    + norm + " (the loss has diverged or overflowed)");
        }
        return Math.min(1, clipNorm / (norm + CLIP_NORM_EPS));
    }

    /** The gradient the update sees: clipped, plus coupled weight decay; the stored gradient is left alone. */
    private Tensor effectiveGradient(Parameter p, double scale) {
        boolean coupledDecay = !decoupledWeightDecay && weightDecay != 0;
        if (scale == 1 && clipValue == Double.POSITIVE_INFINITY && !coupledDecay) {
            return p.grad();
        }
        return OptimizerMath.clipScaleDecay(p.grad(), p.value(), clipValue, scale, coupledDecay ? weightDecay : 0);
    }

    // ---------------------------------------------------------------- learning rate and clipping

    /** The learning rate of the next update: {@code schedule.lr(t, lr0) · scale}. */
    public double learningRate() {
        double scheduled = schedule.lr(steps, baseLr);
        return lrScale == 1 ? scheduled : scheduled * lrScale;
    }

    /**
     * Makes the next update use {@code lr} (to rounding); later updates follow the schedule scaled by the
     * same factor. For ReduceLROnPlateau and manual control.
     */
    public void setLearningRate(double lr) {
        Check.positive(getClass().getSimpleName(), "lr", lr);
        double scheduled = schedule.lr(steps, baseLr);
        if (!(scheduled > 0)) {
            throw new IllegalStateException(getClass().getSimpleName() + ": cannot set the learning rate to " + lr
                    + " at update " + steps + " where " + schedule + " gives " + scheduled + " (nothing to scale)");
        }
        lrScale = lr / scheduled;
    }

    /**
     * The momentum of the update under way (SGD's and RMSprop's μ, Adam's β1): {@code configured}, or what the
     * schedule makes of it ({@link LrSchedule#momentum}).
     */
    protected final double momentum(double configured) {
        return schedule.momentum(steps, configured);
    }

    /** Whether this optimizer has a momentum a schedule may cycle ({@link LrSchedule#cyclesMomentum}). */
    protected boolean hasMomentum() {
        return false;
    }

    /** The configured learning rate, before schedule and scale. */
    public double baseLearningRate() {
        return baseLr;
    }

    /** Applies {@code schedule} from the next update on, keeping any scale set by {@link #setLearningRate}. */
    public Optimizer setSchedule(LrSchedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        if (schedule.cyclesMomentum() && !hasMomentum()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + schedule.getClass().getSimpleName()
                    + " cycles the momentum, and there is none here to cycle (" + describe() + "): "
                    + LrSchedule.NO_MOMENTUM_ADVICE);
        }
        this.schedule = schedule;
        return this;
    }

    public LrSchedule schedule() {
        return schedule;
    }

    /** Clips the global gradient norm to {@code maxNorm} before each update; infinity turns it off. */
    public Optimizer setClipNorm(double maxNorm) {
        clipNorm = Check.positive(getClass().getSimpleName(), "clip_norm", maxNorm);
        return this;
    }

    /** Clips each gradient element into [-value, value] before each update; infinity turns it off. */
    public Optimizer setClipValue(double value) {
        clipValue = Check.positive(getClass().getSimpleName(), "clip_value", value);
        return this;
    }

    public double clipNorm() {
        return clipNorm;
    }

    public double clipValue() {
        return clipValue;
    }

    public double weightDecay() {
        return weightDecay;
    }

    /** The parameters, in the order given (the indices of {@link #stateDict()}). */
    public List<Parameter> parameters() {
        return params;
    }

    /** Number of {@link #step()} calls so far (restored by {@link #loadStateDict}). */
    public long stepCount() {
        return steps;
    }

    /** The state of {@code p}, or null before its first update. */
    public State state(Parameter p) {
        return states.get(p);
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * Copies of the optimizer's state: {@code "step"} and {@code "lr_scale"} (float64 scalars), then for
     * every parameter updated so far, by its index in {@link #parameters()}: {@code "i.step"} and
     * {@code "i.<buffer>"} (e.g. {@code "0.exp_avg"}).
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", Tensor.scalar(DType.FLOAT64, steps));
        out.put("lr_scale", Tensor.scalar(DType.FLOAT64, lrScale));
        for (int i = 0; i < params.size(); i++) {
            State s = states.get(params.get(i));
            if (s != null) {
                out.put(i + ".step", Tensor.scalar(DType.FLOAT64, s.step));
                for (Map.Entry<String, Tensor> e : s.buffers.entrySet()) {
                    out.put(i + "." + e.getKey(), e.getValue().copy());
                }
            }
        }
        return out;
    }

    /** Replaces the state with one from {@link #stateDict()}; checks everything before changing anything. */
    public void loadStateDict(Map<String, Tensor> dict) {
        StateDicts.Loaded loaded = StateDicts.read(this, dict);
        states.clear();
        for (int i = 0; i < params.size(); i++) {
            State s = loaded.states().get(i);
            if (s != null) {
                states.put(params.get(i), s);
            }
        }
        steps = loaded.steps();
        lrScale = loaded.lrScale();
    }

    /** A fresh state for parameter {@code i}, as its first update would build it (for loading). */
    State freshState(int i) {
        return newState(params.get(i));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + describe() + ", lr=" + learningRate()
                + (clipNorm < Double.POSITIVE_INFINITY ? ", clipNorm=" + clipNorm : "")
                + (clipValue < Double.POSITIVE_INFINITY ? ", clipValue=" + clipValue : "") + ")";
    }

    /** The subclass's config, for {@link #toString()}. */
    protected abstract String describe();

    /** One parameter's state: named buffers shaped like it, and the number of its updates. */
    public static final class State {
        private final Tensor param;
        private final Map<String, Tensor> buffers = new LinkedHashMap<>();
        long step;

        State(Tensor param) {
            this.param = param;
        }

        /** Adds a buffer, which must have the parameter's shape and dtype; returns it. */
        public Tensor add(String name, Tensor buffer) {
            if (!buffer.shape().equals(param.shape()) || buffer.dtype() != param.dtype()) {
                throw new IllegalArgumentException("optimizer state '" + name + "': expected " + param.dtype() + " "
                        + param.shape() + " like its parameter, got " + buffer.dtype() + " " + buffer.shape());
            }
            if (buffers.putIfAbsent(name, buffer) != null) {
                throw new IllegalArgumentException("optimizer state '" + name + "' is added twice");
            }
            return buffer;
        }

        /** The buffer called {@code name}. */
        public Tensor buffer(String name) {
            Tensor t = buffers.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no optimizer state '" + name + "'; there is " + buffers.keySet());
            }
            return t;
        }

        /** The buffers by name, read-only. */
        public Map<String, Tensor> buffers() {
            return Collections.unmodifiableMap(buffers);
        }

        /** Updates of this parameter so far, the current one included inside {@code update}. */
        public long step() {
            return step;
        }
    }
}
