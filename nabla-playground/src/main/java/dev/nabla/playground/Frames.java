package dev.nabla.playground;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One state frame as the page reads it: the counters and losses, the loss curve, every weight and bias,
 * the output heat-map and each neuron's small map. Maps travel as base64 of signed bytes (value × 127,
 * clipped to [-1, 1]) to keep a frame near 10 KB at ten frames a second.
 */
final class Frames {
    /** Cells per side of the output heat-map. */
    static final int OUTPUT_RES = 48;
    /** Cells per side of each neuron's map. */
    static final int NEURON_RES = 16;

    private Frames() {}

    static Map<String, Object> of(Session s, Sequential model, PlayData data, boolean withPoints, long epoch, long steps,
                                  double trainLoss, double testLoss, List<double[]> history, boolean running) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("epoch", epoch);
        f.put("steps", steps);
        f.put("running", running);
        f.put("trainLoss", finite(trainLoss));
        f.put("testLoss", finite(testLoss));
        List<Object> curve = new ArrayList<>();
        history.forEach(h -> curve.add(List.of(h[0], finite(h[1]), finite(h[2]))));
        f.put("history", curve);
        f.put("classes", data.classes());
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            outputMap(f, model, data);
            f.put("neurons", neuronMaps(model, data));
        } finally {
            model.train();
        }
        f.put("network", weights(s.dense()));
        f.put("gradients", Insight.gradients(s.dense()));
        if (withPoints) {
            f.put("points", points(data));
        }
        return f;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Binary: 2p - 1 for class 1; several classes: the winning class and its probability; regression: the value. */
    private static void outputMap(Map<String, Object> f, Sequential model, PlayData data) {
        Tensor out = model.forward(data.grid(OUTPUT_RES));
        int n = OUTPUT_RES * OUTPUT_RES;
        byte[] value = new byte[n], cls = new byte[n];
        if (data.classification()) {
            float[] p = out.softmax(1).toFloatArray();
            int k = out.dim(1);
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int c = 1; c < k; c++) {
                    best = p[i * k + c] > p[i * k + best] ? c : best;
                }
                cls[i] = (byte) best;
                value[i] = quantise(k == 2 ? 2 * p[i * k + 1] - 1 : p[i * k + best]);
            }
        } else {
            float[] v = out.toFloatArray();
            double scale = labelScale(data);
            for (int i = 0; i < n; i++) {
                value[i] = quantise(v[i] / scale);
            }
        }
        f.put("outputRes", OUTPUT_RES);
        f.put("output", Base64.getEncoder().encodeToString(value));
        f.put("outputClass", Base64.getEncoder().encodeToString(cls));
    }

    /** Regression targets drawn in [-1, 1]: divided by their largest magnitude when that is over 1. */
    static double labelScale(PlayData data) {
        double m = 1;
        for (double l : data.labels()) {
            m = Math.max(m, Math.abs(l));
        }
        return m;
    }

    /** Each hidden neuron's output over the drawing (the input features' maps are drawn by the page). */
    private static List<Object> neuronMaps(Sequential model, PlayData data) {
        Tensor h = data.grid(NEURON_RES);
        List<Object> layers = new ArrayList<>();
        List<Layer> all = model.layers();
        for (int li = 0; li < all.size() - 1; li++) {
            h = all.get(li).forward(h);
            if (!(all.get(li) instanceof Dense)) {
                continue;
            }
            float[] v = h.toFloatArray();
            int units = h.dim(1), n = h.dim(0);
            List<Object> maps = new ArrayList<>();
            for (int u = 0; u < units; u++) {
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = quantise(v[i * units + u]);
                }
                maps.add(Base64.getEncoder().encodeToString(b));
            }
            layers.add(maps);
        }
        return layers;
    }

    private static byte quantise(double v) {
        double c = Double.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v));
        return (byte) Math.round(c * 127);
    }

    /** Per Dense layer: weights [out][in] and biases, rounded to 4 decimals. */
    private static List<Object> weights(List<Dense> dense) {
        List<Object> out = new ArrayList<>();
        for (Dense d : dense) {
            Tensor w = d.weight().value();
            float[] wv = w.toFloatArray();
            int rows = w.dim(0), cols = w.dim(1);
            List<Object> matrix = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                List<Object> row = new ArrayList<>();
                for (int c = 0; c < cols; c++) {
                    row.add(round(wv[r * cols + c]));
                }
                matrix.add(row);
            }
            List<Object> bias = new ArrayList<>();
            if (d.bias() != null) {
                for (float b : d.bias().value().toFloatArray()) {
                    bias.add(round(b));
                }
            }
            out.add(Map.of("weights", matrix, "biases", bias));
        }
        return out;
    }

    private static Object round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : null;
    }

    /** The points: drawn coordinates, label (scaled into [-1, 1] for regression) and whether each is a test point. */
    private static Map<String, Object> points(PlayData data) {
        List<Object> train = new ArrayList<>(), test = new ArrayList<>();
        double scale = data.classification() ? 1 : labelScale(data);
        for (int i : data.train()) {
            train.add(List.of(round(data.px()[i]), round(data.py()[i]), round(data.labels()[i] / scale)));
        }
        for (int i : data.test()) {
            test.add(List.of(round(data.px()[i]), round(data.py()[i]), round(data.labels()[i] / scale)));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("train", train);
        p.put("test", test);
        p.put("range", List.of(data.range()[0], data.range()[1], data.range()[2], data.range()[3]));
        p.put("features", data.names());
        p.put("classNames", data.classNames());
        p.put("axes", List.of(data.axes()[0], data.axes()[1]));
        return p;
    }
}
