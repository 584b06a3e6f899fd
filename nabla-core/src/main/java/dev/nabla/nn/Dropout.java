package dev.nabla.nn;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Map;

/**
 * Inverted dropout: in training, each element is zeroed with probability p and the survivors are
 * scaled by 1/(1-p), so evaluation (which passes the input through) needs no rescaling. The masks come
 * from the layer's own generator, seeded at build, so a seeded run drops the same units every time.
 */
public final class Dropout extends Layer {
    private final double p;
    private Generator generator;

    public Dropout(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    public double p() {
        return p;
    }

    /** The mask generator (for checkpoints); null before build. */
    public Generator generator() {
        return generator;
    }

    @Override
    protected Shape doBuild(Shape input, Generator g, DType dtype) {
        generator = new Generator(g.nextLong());
        return input;
    }

    @Override
    protected Tensor call(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0);
        }
        Tensor keep = Tensor.uniform(generator, x.dtype(), 0, 1, x.shape().dims()).ge(p);
        return x.mul(keep.div(1 - p));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = baseConfig();
        m.put("p", p);
        return m;
    }

    @Override
    protected String describe() {
        return "Dropout(p=" + p + ")";
    }
}
