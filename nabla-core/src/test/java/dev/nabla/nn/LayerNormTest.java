package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LayerNorm against PyTorch's nn.LayerNorm (values from {@code src/test/resources/golden/layer_norm.py},
 * same fixed inputs), GradCheck in float64 for the input and both parameters, and its config.
 */
class LayerNormTest {
    private static final double[] X = {0.5, -1.2, 2.0, 0.3, 1.5, 1.5, 1.5, 1.6, -3.0, 0.1, 0.2, 4.0, 0.0, 2.0, -2.0, 1.0};
    private static final double[] W = {1.5, -0.5, 2.0, 1.0, 0.5, 1.0, -1.0, 0.25};
    private static final double[] B = {0.1, 0.2, -0.3, 0.0, 1.0, -1.0, 0.5, 0.0};
    private static final double[] G = {1.0, -2.0, 0.5, 0.3, 0.2, 0.1, -0.4, 2.0, -1.0, 0.0, 1.5, 0.7, 0.3, -0.6, 0.9, -1.2};

    /** A layer over samples [2, 4], its weight and bias set from the first elements of W and B. */
    private static LayerNorm layer(int axes, double eps) {
        LayerNorm ln = new LayerNorm(new LayerNorm.Config(axes, eps, true));
        ln.build(Shape.of(2, 4), new Generator(0), DType.FLOAT64);
        int n = ln.weight().size();
        ln.weight().assign(Tensor.of(java.util.Arrays.copyOf(W, n)).reshape(ln.weight().shape().dims()));
        ln.bias().assign(Tensor.of(java.util.Arrays.copyOf(B, n)).reshape(ln.bias().shape().dims()));
        return ln;
    }

    private static void matchesPyTorch(int axes, double eps, double[] y, double[] dx, double[] dWeight, double[] dBias) {
        LayerNorm ln = layer(axes, eps);
        Tensor x = Tensor.of(X, 2, 2, 4).requiresGrad(true);
        Tensor out = ln.forward(x);
        assertArrayEquals(y, out.toDoubleArray(), 1e-12, "output");
        out.mul(Tensor.of(G, 2, 2, 4)).sum().backward();
        assertArrayEquals(dx, x.grad().toDoubleArray(), 1e-10, "input gradient");
        assertArrayEquals(dWeight, ln.weight().grad().toDoubleArray(), 1e-12, "weight gradient");
        assertArrayEquals(dBias, ln.bias().grad().toDoubleArray(), 1e-12, "bias gradient");
    }

    @Test
    void overTheLastAxisMatchesPyTorch() {
        matchesPyTorch(1, 1e-5,
                new double[] {0.2323238125397229, 0.9057270002118558, 2.522908000847423, -0.08821587502648202, -0.7637251994466429,
                        0.4879083998155476, -1.4516335992621905, 1.7274503988932983, -1.9100292984387628, 0.24533900673170145,
                        -0.40075334829266984, 1.4810742199022464, -0.1535456968861958, -0.39160662606779023, -3.3425483626343495,
                        0.5070913937723917},
                new double[] {0.4831278140808192, 0.07705991455054917, 0.011155960475932813, -0.571343689107301, 11.06576316532437,
                        3.00432797048893, -14.270176018443976, 0.20008488263033541, -0.4352313712702901, -0.19520236802908852,
                        1.0020800344986005, -0.371646295199222, -0.011590259725225871, 0.588223211848973, 0.1999424987364019,
                        -0.7765754508601489},
                new double[] {1.2623629080155323, 2.055398369602965, -0.5086580543406659, 3.8566783166833543},
                new double[] {0.49999999999999994, -2.5, 2.5, 1.8});
    }

    @Test
    void overTheLastTwoAxesMatchesPyTorch() {
        matchesPyTorch(2, 1e-3,
                new double[] {-0.6077446764729582, 1.303061522791187, 1.8168579512524514, -0.6758642856408429, 1.2741713611561911,
                        -0.451657277687618, -0.048342722312382014, 0.1625899932437877, -2.313514494086259, 0.24588430597122168,
                        -0.38565070447961375, 1.8170185164603778, 0.9296440641774601, -0.16184667759235105, 1.6195770656978086,
                        0.08718018134532116},
                new double[] {0.82092581851015, 0.00032847782923939306, 0.5848199364025419, -0.4398119056039063, -0.4246621099644553,
                        -0.4246621099644553, -0.11861035797614905, 0.001672250767035366, -0.38035086614764274, -0.011550780754452301,
                        1.4449615648360485, -0.12858033689109036, 0.07364955428809448, -0.5291338032535214, -0.20454576281774553,
                        -0.26444956925969076},
                new double[] {1.1371798784088674, 4.412246091164748, 0.46497645945340255, 1.0691536758300115, 0.06745498296895248,
                        -0.44805772121335113, -1.2269564480529807, 0.88225507549276},
                new double[] {0.0, -2.0, 2.0, 1.0, 0.5, -0.5, 0.5, 0.8});
    }

    @Test
    void passesGradCheckForInputAndParameters() {
        LayerNorm ln = layer(1, 1e-5);
        Tensor x = Tensor.normal(new Generator(3), DType.FLOAT64, 0, 1, 3, 2, 4);
        GradCheck.Report r = GradCheck.check("LayerNorm", in -> ln.forward(in[0]), x);
        assertTrue(r.passed(), r.toString());
        GradCheck.Report p = GradCheck.checkLeaves("LayerNorm parameters", () -> ln.forward(x), GradCheck.Options.defaults(),
                java.util.List.of(ln.weight().value(), ln.bias().value()));
        assertTrue(p.passed(), p.toString());
    }

    @Test
    void withoutAffineItHasNoParametersAndNormalisesEachSample() {
        LayerNorm ln = new LayerNorm(new LayerNorm.Config(1, 1e-5, false));
        Tensor y = ln.forward(Tensor.of(new double[] {1, 2, 3, 4}, 1, 4));
        assertEquals(0, ln.parameterCount());
        assertNull(ln.weight());
        double s = Math.sqrt(1.25 + 1e-5);
        assertArrayEquals(new double[] {-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s}, y.toDoubleArray(), 1e-15);
    }

    @Test
    void readsAndWritesItsConfigAndRefusesBadSettings() {
        LayerNorm ln = new LayerNorm(new LayerNorm.Config(2, 1e-3, true));
        Map<String, Object> c = Layers.write(ln);
        assertEquals(Map.of("type", "LayerNorm", "axes", 2, "eps", 1e-3, "elementwise_affine", true), c);
        assertEquals(ln.config(), ((LayerNorm) Layers.read(c, "l")).config());
        assertEquals(LayerNorm.Config.DEFAULT, ((LayerNorm) Layers.read(Map.of("type", "LayerNorm"), "l")).config());
        assertEquals("l.eps: must be > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> Layers.read(Map.of("type", "LayerNorm", "eps", 0), "l")).getMessage());
        Sequential s = Sequential.of(new LayerNorm(new LayerNorm.Config(3, 1e-5, true)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.build(0, 4, 5));
        assertEquals("LayerNorm: normalises the last 3 axes, but samples have shape [4, 5]", e.getMessage());
    }
}
