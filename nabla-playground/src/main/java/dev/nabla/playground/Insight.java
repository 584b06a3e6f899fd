package dev.nabla.playground;

import dev.nabla.insight.OptimizerPaths;
import dev.nabla.insight.Surface;
import dev.nabla.insight.VanishingGradients;
import dev.nabla.nn.Dense;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.LayerFlow;
import dev.nabla.train.ValueSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The see-inside views, from nabla-core's {@code insight} package and its gradient summaries: each layer's
 * weight-gradient histogram and norm after the last update (live, in every frame), the lecture's
 * vanishing-gradient demo, and every optimizer's path over the test surfaces. The demo and the paths are
 * the same for everyone, so each is computed once and kept.
 */
final class Insight {
    /** Histogram bins of the live view. */
    static final int BINS = 16;
    private static final Map<String, Map<String, Object>> CACHE = new ConcurrentHashMap<>();

    private Insight() {}

    /** Per Dense layer: the norm and histogram of its weight's gradient from the last update; empty before one. */
    static List<Object> gradients(List<Dense> dense) {
        List<Object> out = new ArrayList<>();
        for (Dense d : dense) {
            Tensor g = d.weight().grad();
            if (g == null) {
                return List.of();
            }
            out.add(summary(ValueSummary.of(g.toDoubleArray(), BINS)));
        }
        return out;
    }

    private static Map<String, Object> summary(ValueSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("norm", finite(s.norm()));
        if (s.histogram() != null) {
            List<Object> counts = new ArrayList<>();
            for (long c : s.histogram().counts()) {
                counts.add(c);
            }
            m.put("lo", finite(s.histogram().lo()));
            m.put("hi", finite(s.histogram().hi()));
            m.put("counts", counts);
        }
        return m;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * The vanishing-gradient demo ({@code nabla diagnose --demo vanishing}): 12 sigmoid layers with N(0, 1)
     * weights against ReLU + He and sigmoid + Glorot; per setup each layer's weight-gradient norm and
     * histogram at the initial weights.
     */
    static Map<String, Object> vanishing() {
        return CACHE.computeIfAbsent("vanishing", k -> {
            List<Object> runs = new ArrayList<>();
            for (VanishingGradients.Run r : VanishingGradients.run(VanishingGradients.Options.DEFAULT.withSteps(1))) {
                List<Object> layers = new ArrayList<>();
                for (LayerFlow l : r.initial().layers()) {
                    Map<String, Object> layer = summary(l.weightGradient());
                    layer.put("label", l.label());
                    layers.add(layer);
                }
                runs.add(Map.of("name", r.setup().name(), "ratio", r.firstToLastRatio(), "layers", layers));
            }
            return Map.of("runs", runs);
        });
    }

    /** Every optimizer from the surface's start, at the rates that suit each ({@code nabla paths}), over f's grid. */
    static Map<String, Object> paths(String surfaceName) {
        Surface s;
        try {
            s = Surface.named(String.valueOf(surfaceName), 10);
        } catch (IllegalArgumentException e) {
            throw new PlaygroundException("Optimizer paths: " + e.getMessage().replace("surface: ", ""));
        }
        return CACHE.computeIfAbsent("paths-" + s.name(), k -> {
            int n = 60;
            List<Object> grid = new ArrayList<>();
            for (double v : s.grid(n)) {
                grid.add(Math.round(Math.log1p(Math.max(0, v - min(s))) * 1e4) / 1e4);
            }
            List<Object> paths = new ArrayList<>();
            for (OptimizerPaths.Path p : OptimizerPaths.run(s, OptimizerPaths.everyOptimizer(s.sgdLr(), s.adaptiveLr()), s.steps())) {
                List<Object> xy = new ArrayList<>();
                int stride = Math.max(1, p.xs().length / 400);
                for (int i = 0; i < p.xs().length; i += stride) {
                    xy.add(List.of(p.xs()[i], p.ys()[i]));
                }
                xy.add(List.of(p.xs()[p.xs().length - 1], p.ys()[p.ys().length - 1]));
                paths.add(Map.of("label", p.label(), "points", xy, "diverged", p.diverged(), "finalLoss", finite(p.finalLoss())));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("surface", s.name());
            out.put("box", List.of(s.box()[0], s.box()[1], s.box()[2], s.box()[3]));
            out.put("res", n);
            out.put("grid", grid);
            out.put("paths", paths);
            out.put("steps", s.steps());
            return out;
        });
    }

    /** f's minimum where known (the saddle has none: its lowest grid value then). */
    private static double min(Surface s) {
        if (s.minimum() != null) {
            return s.at(s.minimum()[0], s.minimum()[1]);
        }
        double m = Double.MAX_VALUE;
        for (double v : s.grid(60)) {
            m = Math.min(m, v);
        }
        return m;
    }
}
