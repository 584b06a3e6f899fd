package dev.nabla.nn;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Inverted dropout: in training, each element is zeroed with probability p and the survivors are
 * scaled by 1/(1-p), so evaluation (which passes the input through) needs no rescaling. The masks come
 * from the layer's own generator, seeded at build, so a seeded run drops the same units every time.
 */
public final class Dropout extends Layer implements Stochastic {
    /** Dropout's one setting: the probability of zeroing an element. */
    public record Config(double p) implements LayerConfig {
        public Config {
            Check.probability("Dropout", "p", p);
        }

        static Config read(ConfigReader c) {
            return c.allowOnly("p").build(() -> new Config(c.number("p")));
        }

        @Override
        public Dropout create() {
            return new Dropout(p);
        }
    }

    private final Config config;
    private Generator generator;

    public Dropout(double p) {
        this.config = new Config(p);
    }

    public double p() {
        return config.p();
    }

    @Override
    public Config config() {
        return config;
    }

    /** The mask generator (checkpoints save and restore its state); null before build. */
    @Override
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
        double p = config.p();
        if (!isTraining() || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0);
        }
        Tensor keep = Tensor.uniform(generator, x.dtype(), 0, 1, x.shape().dims()).ge(p).to(x.device());
        return x.mul(keep.div(1 - p));
    }

    @Override
    protected String describe() {
        return "Dropout(p=" + config.p() + ")";
    }
}
