package dev.nabla.nn;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Fan computations and the orthogonal construction behind {@link Init}. */
final class Fans {
    private Fans() {}

    static int in(Shape s) {
        requireMatrix(s);
        return s.dim(1) * s.span(2, s.rank());
    }

    static int out(Shape s) {
        requireMatrix(s);
        return s.dim(0) * s.span(2, s.rank());
    }

    static int of(Shape s, Init.FanMode mode) {
        return mode == Init.FanMode.FAN_IN ? in(s) : out(s);
    }

    private static void requireMatrix(Shape s) {
        if (s.rank() < 2) {
            throw new IllegalArgumentException("fan-based initialisers need a weight of rank >= 2 ([out, in, ...]), got " + s);
        }
        if (s.size() == 0) {
            throw new IllegalArgumentException("cannot initialise an empty weight " + s);
        }
    }

    /**
     * Rows (or columns, whichever are fewer) orthonormal: Gram–Schmidt on a normal matrix, which is the
     * Q of its QR decomposition with R's diagonal made positive, as torch.nn.init.orthogonal_ does.
     */
    static Tensor orthogonal(Generator g, DType dtype, Shape shape, double gain) {
        requireMatrix(shape);
        int rows = shape.dim(0);
        int cols = shape.size() / rows;
        boolean transpose = rows < cols;
        int n = transpose ? cols : rows;   // long side
        int k = transpose ? rows : cols;   // short side: number of orthonormal vectors
        double[][] v = new double[k][n];
        for (double[] col : v) {
            for (int i = 0; i < n; i++) {
                col[i] = g.nextGaussian();
            }
        }
        for (int j = 0; j < k; j++) {
            for (int pass = 0; pass < 2; pass++) { // twice is enough for orthogonality to rounding
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += v[p][i] * v[j][i];
                    }
                    for (int i = 0; i < n; i++) {
                        v[j][i] -= dot * v[p][i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += v[j][i] * v[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                v[j][i] /= norm;
            }
        }
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = gain * (transpose ? v[r][c] : v[c][r]);
            }
        }
        return Tensor.of(dtype, out, shape.dims());
    }
}
