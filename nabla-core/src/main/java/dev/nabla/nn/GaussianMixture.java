package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * A mixture of K Gaussians over D outputs for each of N samples: what a {@link DistributionHead} predicts
 * (lecture seed 003: "f(x; θ) predicts all the parameters: the means, covariance matrices and mixture
 * weights"). One Gaussian ({@link GaussianHead}) is the mixture with K = 1.
 *
 * <pre>{@code
 * GaussianMixture p = head.distribution(model.forward(x));
 * Tensor nll = p.logProb(y).neg().mean();          // differentiable: the mixture NLL
 * Tensor mean = p.mean(), sd = p.stddev();         // [N, D]
 * GaussianMixture.Interval i = p.interval(0.9);    // central 90% interval per output
 * Tensor draws = p.sample(new Generator(7));       // seeded
 * List<GaussianMixture.Mode> m = p.modes(0);       // the first sample's modes, most likely first
 * }</pre>
 *
 * <p>Parameters: mixture weights from logits (normalised here by log-softmax, so normalised log-weights
 * pass through unchanged), means {@code [N, K, D]}, and either diagonal scales (standard deviations)
 * {@code [N, K, D]} or the lower-triangular Cholesky factor L of each covariance (Σ = L·Lᵀ, PyTorch's
 * {@code scale_tril}), kept as its D(D+1)/2 entries row by row. {@link #logProb} is built from
 * differentiable tensor ops and computed stably: log-sum-exp over components, and for a full covariance a
 * forward substitution (no inverse, no determinant: log|Σ| = 2 Σ log L_ii). The rest (quantiles,
 * intervals, sampling, modes) is computed on host copies in float64 and returned in the means' dtype.
 *
 * <p>Intervals, quantiles and the CDF are per output, of the marginal distribution: each output's marginal
 * is a one-dimensional mixture with the same weights.
 */
public final class GaussianMixture {
    /** How each component's covariance is given. */
    public enum Covariance {
        /** Independent outputs: one scale per output ({@code [N, K, D]}). */
        DIAGONAL,
        /** A Cholesky factor per component ({@code D(D+1)/2} entries, row by row, a positive diagonal). */
        FULL;

        /** The scale entries one component takes over {@code outputs} outputs. */
        public int scaleEntries(int outputs) {
            return this == DIAGONAL ? outputs : outputs * (outputs + 1) / 2;
        }
    }

    /** A central interval at {@code level}: {@code lower} and {@code upper} are {@code [N, D]}. */
    public record Interval(double level, Tensor lower, Tensor upper) {}

    /**
     * A local maximum of one sample's density.
     *
     * @param location the point, {@code D} values
     * @param weight the mixture weight of the components whose means climb to it (the mass of its branch)
     * @param density the density there
     */
    public record Mode(double[] location, double weight, double density) {}

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final Tensor logWeights;
    private final Tensor means;
    private final Tensor scales;
    private final Covariance covariance;
    private MixtureArrays host;

    private GaussianMixture(Tensor logits, Tensor means, Tensor scales, Covariance covariance) {
        this.logWeights = logits.logSoftmax(1);
        this.means = means;
        this.scales = scales;
        this.covariance = covariance;
    }

    /**
     * Diagonal covariances: {@code logits [N, K]}, {@code means [N, K, D]}, {@code scales [N, K, D]} (standard
     * deviations, all &gt; 0).
     */
    public static GaussianMixture diagonal(Tensor logits, Tensor means, Tensor scales) {
        checkShapes(logits, means, scales, Covariance.DIAGONAL, "scales [N, K, D]");
        MixtureArrays.requirePositive("GaussianMixture: scales", scales.toDoubleArray(), scales.shape(), null);
        return new GaussianMixture(logits, means, scales, Covariance.DIAGONAL);
    }

    /**
     * Full covariances through their Cholesky factors: {@code scaleTril [N, K, D, D]}, lower triangular with a
     * positive diagonal (entries above it are ignored), as PyTorch's {@code MultivariateNormal(scale_tril=L)}.
     */
    public static GaussianMixture full(Tensor logits, Tensor means, Tensor scaleTril) {
        int d = means.rank() == 3 ? means.dim(2) : -1;
        Shape s = scaleTril.shape();
        if (s.rank() != 4 || s.dim(2) != d || s.dim(3) != d) {
            throw new IllegalArgumentException("GaussianMixture: scaleTril must be [N, K, D, D] for means " + means.shape()
                    + ", got " + s);
        }
        Tensor packed = scaleTril.reshape(s.dim(0), s.dim(1), d * d).indexSelect(2, MixtureArrays.trilIndices(d));
        return packedFull(logits, means, packed);
    }

    /** One Gaussian per sample: {@code mean [N, D]} and {@code variance [N, D]} (all &gt; 0). */
    public static GaussianMixture normal(Tensor mean, Tensor variance) {
        if (mean.rank() != 2 || !mean.shape().equals(variance.shape())) {
            throw new IllegalArgumentException("GaussianMixture.normal: mean and variance must both be [N, D], got "
                    + mean.shape() + " and " + variance.shape());
        }
        MixtureArrays.requirePositive("GaussianMixture.normal: variance", variance.toDoubleArray(), variance.shape(), null);
        Tensor logits = Tensor.zeros(mean.dtype(), mean.dim(0), 1).to(mean.device());
        return new GaussianMixture(logits, mean.unsqueeze(1), variance.sqrt().unsqueeze(1), Covariance.DIAGONAL);
    }

    /**
     * The packed layout a {@link MixtureDensityHead} writes, {@code [N, P]} with P =
     * {@link #packedWidth}: K logits (or log-weights), then the K·D means (component by component), then each
     * component's scale entries (D scales, or the D(D+1)/2 entries of L row by row). The scales must be
     * positive (the head makes them so).
     */
    public static GaussianMixture unpack(Tensor packed, int components, int outputs, Covariance covariance) {
        int p = packedWidth(components, outputs, covariance);
        if (packed.rank() != 2 || packed.dim(1) != p) {
            throw new IllegalArgumentException("GaussianMixture.unpack: " + components + " components over " + outputs
                    + " outputs with " + covariance.name().toLowerCase() + " covariance take [N, " + p + "], got "
                    + packed.shape());
        }
        int n = packed.dim(0), k = components, d = outputs;
        Tensor logits = packed.slice(1, 0, k);
        Tensor means = packed.slice(1, k, k + k * d).reshape(n, k, d);
        Tensor scales = packed.slice(1, k + k * d, p).reshape(n, k, covariance.scaleEntries(d));
        return covariance == Covariance.DIAGONAL ? diagonal(logits, means, scales) : packedFull(logits, means, scales);
    }

    /** Values per sample in the packed layout: {@code K·(1 + D + scale entries)}. */
    public static int packedWidth(int components, int outputs, Covariance covariance) {
        return components * (1 + outputs + covariance.scaleEntries(outputs));
    }

    private static GaussianMixture packedFull(Tensor logits, Tensor means, Tensor packed) {
        checkShapes(logits, means, packed, Covariance.FULL, "Cholesky entries [N, K, D(D+1)/2]");
        int d = means.dim(2);
        MixtureArrays.requirePositive("GaussianMixture: the Cholesky factor's diagonal", packed.toDoubleArray(), packed.shape(),
                MixtureArrays.diagonalMask(d));
        return new GaussianMixture(logits, means, packed, Covariance.FULL);
    }

    private static void checkShapes(Tensor logits, Tensor means, Tensor scales, Covariance c, String scalesShape) {
        Objects.requireNonNull(logits, "logits");
        boolean ok = logits.rank() == 2 && means.rank() == 3 && scales.rank() == 3 && means.dim(0) == logits.dim(0)
                && means.dim(1) == logits.dim(1) && scales.dim(0) == logits.dim(0) && scales.dim(1) == logits.dim(1)
                && scales.dim(2) == c.scaleEntries(means.dim(2)) && logits.dim(1) > 0 && means.dim(2) > 0;
        if (!ok) {
            throw new IllegalArgumentException("GaussianMixture: expected logits [N, K], means [N, K, D] and " + scalesShape
                    + ", got " + logits.shape() + ", " + means.shape() + " and " + scales.shape());
        }
        if (!logits.dtype().isFloating() || means.dtype() != logits.dtype() || scales.dtype() != logits.dtype()) {
            throw new IllegalArgumentException("GaussianMixture: logits, means and scales must share one float dtype, got "
                    + logits.dtype() + ", " + means.dtype() + " and " + scales.dtype());
        }
    }

    /** Samples N. */
    public int size() { return means.dim(0); }
    /** Components K. */
    public int components() { return means.dim(1); }
    /** Outputs D. */
    public int outputs() { return means.dim(2); }
    public Covariance covariance() { return covariance; }
    /** Normalised log mixture weights {@code [N, K]}. */
    public Tensor logWeights() { return logWeights; }
    /** Mixture weights {@code [N, K]}, each row summing to 1. */
    public Tensor weights() { return logWeights.exp(); }
    /** Component means {@code [N, K, D]}. */
    public Tensor means() { return means; }

    /** Each component's standard deviation per output {@code [N, K, D]} (for a full covariance, √Σ_dd). */
    public Tensor scales() {
        return covariance == Covariance.DIAGONAL ? scales : scaleTril().pow(2).sum(3).sqrt();
    }

    /** Each component's Cholesky factor {@code [N, K, D, D]} (diagonal matrices for diagonal covariances). */
    public Tensor scaleTril() {
        int n = size(), k = components(), d = outputs();
        Tensor entries = Tensor.concat(2, scales, Tensor.zerosLike(scales.slice(2, 0, 1)));
        int[] index = covariance == Covariance.DIAGONAL ? MixtureArrays.diagonalScatter(d) : MixtureArrays.trilScatter(d);
        return entries.indexSelect(2, index).reshape(n, k, d, d);
    }

    /**
     * The log-density of {@code y [N, D]} under each sample's mixture, {@code [N]}: differentiable with respect
     * to every parameter (and y). Stable: log-sum-exp over components of log-weight plus component log-density.
     */
    public Tensor logProb(Tensor y) {
        int d = outputs();
        if (!y.shape().equals(Shape.of(size(), d))) {
            throw new IllegalArgumentException("GaussianMixture.logProb: y must be [N, D] = " + Shape.of(size(), d)
                    + ", got " + y.shape());
        }
        Tensor r = y.unsqueeze(1).sub(means);                       // [N, K, D]
        Tensor z = covariance == Covariance.DIAGONAL ? r.div(scales) : solveLower(r);
        Tensor logDiag = (covariance == Covariance.DIAGONAL ? scales : scales.indexSelect(2, MixtureArrays.diagonalIndices(d))).log();
        Tensor component = z.pow(2).sum(2).mul(-0.5).sub(logDiag.sum(2)).sub(0.5 * d * LOG_2PI); // [N, K]
        return logWeights.add(component).logSumExp(1);
    }

    /** z = L⁻¹ r by forward substitution, one output at a time: z_i = (r_i − Σ_{j<i} L_ij z_j) / L_ii. */
    private Tensor solveLower(Tensor r) {
        int d = outputs();
        Tensor[] z = new Tensor[d];
        for (int i = 0; i < d; i++) {
            int row = i * (i + 1) / 2;
            Tensor acc = r.slice(2, i, i + 1);
            for (int j = 0; j < i; j++) {
                acc = acc.sub(scales.slice(2, row + j, row + j + 1).mul(z[j]));
            }
            z[i] = acc.div(scales.slice(2, row + i, row + i + 1));
        }
        return d == 1 ? z[0] : Tensor.concat(2, z);
    }

    /** The mixture's mean {@code [N, D]}: Σ_k w_k μ_k. */
    public Tensor mean() {
        return weights().unsqueeze(2).mul(means).sum(1);
    }

    /**
     * Each output's marginal variance {@code [N, D]}, by the law of total variance: Σ_k w_k (σ²_k + (μ_k − mean)²),
     * the spread within components plus the spread between them.
     */
    public Tensor variance() {
        Tensor spread = means.sub(mean().unsqueeze(1)).pow(2);
        return weights().unsqueeze(2).mul(scales().pow(2).add(spread)).sum(1);
    }

    /** Each output's marginal standard deviation {@code [N, D]}. */
    public Tensor stddev() {
        return variance().sqrt();
    }

    /** Each output's marginal quantile at {@code q} in (0, 1), {@code [N, D]}. */
    public Tensor quantile(double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("GaussianMixture.quantile: q must be in (0, 1), got " + q);
        }
        return hostTensor(MixtureMarginals.quantiles(host(), q));
    }

    /**
     * The central interval holding {@code level} of each output's marginal: the quantiles at (1 − level)/2 and
     * (1 + level)/2.
     */
    public Interval interval(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("GaussianMixture.interval: level must be in (0, 1), e.g. 0.9, got " + level);
        }
        return new Interval(level, quantile((1 - level) / 2), quantile((1 + level) / 2));
    }

    /** Each output's marginal CDF at {@code y [N, D]}: P(Y_d ≤ y_d), {@code [N, D]}. */
    public Tensor cdf(Tensor y) {
        return hostTensor(MixtureMarginals.cdf(host(), targets("cdf", y)));
    }

    /** The fraction of the values of {@code y [N, D]} inside their central interval at {@code level}. */
    public double coverage(Tensor y, double level) {
        Interval i = interval(level);
        double[] v = targets("coverage", y), lo = i.lower().toDoubleArray(), hi = i.upper().toDoubleArray();
        int inside = 0;
        for (int j = 0; j < v.length; j++) {
            inside += v[j] >= lo[j] && v[j] <= hi[j] ? 1 : 0;
        }
        return inside / (double) v.length;
    }

    /**
     * How far the predicted probabilities are from the frequencies seen in {@code y [N, D]}: the mean over
     * τ = 0.01, 0.02, ..., 0.99 of |fraction of values with CDF(y) ≤ τ − τ| (Kuleshov et al., 2018, with the
     * absolute difference). 0 for a calibrated model; an over-confident one (intervals too narrow) scores high.
     */
    public double calibrationError(Tensor y) {
        return MixtureMarginals.calibrationError(MixtureMarginals.cdf(host(), targets("calibrationError", y)));
    }

    /** One draw per sample, {@code [N, D]}; the same generator state gives the same draws. */
    public Tensor sample(Generator g) {
        return hostTensor(MixtureArrays.sample(host(), g, 1), size(), outputs());
    }

    /** {@code count} draws per sample, {@code [count, N, D]}, drawn sample by sample for each draw in turn. */
    public Tensor sample(Generator g, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("GaussianMixture.sample: count must be >= 1, got " + count);
        }
        return hostTensor(MixtureArrays.sample(host(), g, count), count, size(), outputs());
    }

    /**
     * The local maxima of sample {@code n}'s density, most likely (highest density) first. Found by the
     * Gaussian-mixture mean-shift iteration (Carreira-Perpiñán, 2000) started from every component's mean;
     * each mode carries the weight of the components that climbed to it.
     */
    public List<Mode> modes(int n) {
        if (n < 0 || n >= size()) {
            throw new IllegalArgumentException("GaussianMixture.modes: sample " + n + " is out of range for " + size()
                    + " samples");
        }
        return MixtureModes.find(host(), n);
    }

    private double[] targets(String op, Tensor y) {
        if (!y.shape().equals(Shape.of(size(), outputs()))) {
            throw new IllegalArgumentException("GaussianMixture." + op + ": y must be [N, D] = " + Shape.of(size(), outputs())
                    + ", got " + y.shape());
        }
        return y.toDoubleArray();
    }

    private MixtureArrays host() {
        if (host == null) {
            host = MixtureArrays.of(weights().toDoubleArray(), means.toDoubleArray(), scales.toDoubleArray(), size(),
                    components(), outputs(), covariance);
        }
        return host;
    }

    private Tensor hostTensor(double[] values, int... dims) {
        int[] shape = dims.length == 0 ? new int[] {size(), outputs()} : dims;
        return Tensor.of(means.dtype(), values, shape).to(means.device());
    }

    @Override
    public String toString() {
        return "GaussianMixture(samples=" + size() + ", components=" + components() + ", outputs=" + outputs()
                + ", covariance=" + covariance.name().toLowerCase() + ")";
    }
}
