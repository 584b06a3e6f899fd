package dev.nabla.tensor;

import dev.nabla.kernel.Parallel;

/** The CPU's layout maps ({@link CpuBackend}'s): index maps, their scatter-adds, row picks and concat. */
final class CpuLayout {
    private CpuLayout() {}

    static void take(Tensor x, int[] map, Tensor out) {
        switch (x.data()) {
            case float[] xf -> {
                float[] o = out.f32();
                for (int i = 0; i < map.length; i++) {
                    o[i] = xf[map[i]];
                }
            }
            case double[] xd -> {
                double[] o = out.f64();
                for (int i = 0; i < map.length; i++) {
                    o[i] = xd[map[i]];
                }
            }
            default -> {
                int[] xi = x.i32();
                int[] o = out.i32();
                for (int i = 0; i < map.length; i++) {
                    o[i] = xi[map[i]];
                }
            }
        }
    }

    static void scatterAdd(Tensor g, int[] map, Tensor out) {
        if (g.data() instanceof float[] gf) {
            float[] o = out.f32();
            for (int i = 0; i < map.length; i++) {
                o[map[i]] += gf[i];
            }
        } else {
            double[] gd = g.f64();
            double[] o = out.f64();
            for (int i = 0; i < map.length; i++) {
                o[map[i]] += gd[i];
            }
        }
    }

    static void select(Tensor x, int axis, int[] indices, Tensor out) {
        Shape xs = x.shape();
        int size = xs.dim(axis);
        int outer = xs.span(0, axis), inner = xs.span(axis + 1, xs.rank());
        Object src = x.data(), dst = out.data();
        int picks = indices.length;
        // Picking rows of a large data set is bound by memory latency, not bandwidth: two threads
        // fetching rows at once get them nearly twice as fast. Each run lands in its own place.
        Parallel.forRange(outer * picks, inner, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r / picks, k = indices[r % picks];
                System.arraycopy(src, (o * size + k) * inner, dst, r * inner, inner);
            }
        });
    }

    static void scatterSelected(Tensor g, int axis, int[] indices, Tensor out) {
        Shape inShape = out.shape();
        int size = inShape.dim(axis);
        int outer = inShape.span(0, axis), inner = inShape.span(axis + 1, inShape.rank());
        int s = 0;
        for (int o = 0; o < outer; o++) {
            for (int k : indices) {
                int d = (o * size + k) * inner;
                if (g.data() instanceof float[] gf) {
                    float[] of = out.f32();
                    for (int e = 0; e < inner; e++) {
                        of[d + e] += gf[s + e];
                    }
                } else {
                    double[] gd = g.f64(), od = out.f64();
                    for (int e = 0; e < inner; e++) {
                        od[d + e] += gd[s + e];
                    }
                }
                s += inner;
            }
        }
    }

    static void concat(Tensor[] parts, int ax, Tensor out) {
        Shape first = parts[0].shape();
        int total = out.shape().dim(ax);
        int outer = first.span(0, ax);
        int inner = first.span(ax + 1, first.rank());
        int rowOut = total * inner;
        int offset = 0;
        for (Tensor p : parts) {
            int run = p.shape().dim(ax) * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(p.data(), o * run, out.data(), o * rowOut + offset, run);
            }
            offset += run;
        }
    }
}
