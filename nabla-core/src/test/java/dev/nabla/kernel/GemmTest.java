package dev.nabla.kernel;

import static dev.nabla.kernel.GemmTestSupport.assertMatchesReference;
import static dev.nabla.kernel.GemmTestSupport.problem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nabla.kernel.GemmTestSupport.Problem;
import dev.nabla.kernel.KernelTestSupport.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GemmF32 and GemmF64: the SIMD path against its scalar twin and both against a double-precision
 * reference, over odd sizes (around the 4-row tile and the 1- and 2-vector column tiles), all four
 * transpose combinations, beta in {0, 1, 0.5}, non-zero offsets and padded leading dimensions.
 *
 * <p>Padding and the unused parts of the arrays hold NaN, so a kernel that reads outside the matrix
 * it was given shows NaN in its result; C's padding must come back untouched.
 */
class GemmTest {

    private static final int[] SIZES = {1, 2, 3, 7, 15, 16, 17, 31, 33, 64, 65, 100};
    private static final double[] BETAS = {0, 1, 0.5};

    /**
     * Shapes {m, n, k}: every size in every role and cubes of the small ones; with {@code large}, two
     * larger ones too (they cost 15 times the rest, so they run for one beta only).
     */
    private static List<int[]> shapes(boolean large) {
        List<int[]> shapes = new ArrayList<>();
        int s = SIZES.length;
        for (int i = 0; i < s; i++) {
            shapes.add(new int[] {SIZES[i], SIZES[(i + 5) % s], SIZES[(i + 9) % s]});
            shapes.add(new int[] {SIZES[i], SIZES[(i + 2) % s], SIZES[(i + 7) % s]});
        }
        for (int size : new int[] {1, 2, 3, 7, 16, 17, 33}) {
            shapes.add(new int[] {size, size, size});
        }
        if (large) {
            shapes.add(new int[] {129, 257, 65});
            shapes.add(new int[] {257, 65, 129});
        }
        return shapes;
    }

    static Stream<Arguments> configurations() {
        List<Arguments> args = new ArrayList<>();
        for (Precision p : Precision.values()) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    for (double beta : BETAS) {
                        args.add(Arguments.of(p, transA, transB, beta));
                    }
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2} beta={3}")
    @MethodSource("configurations")
    void simdAndScalarMatchReference(Precision p, boolean transA, boolean transB, double beta) {
        SplittableRandom rnd = new SplittableRandom(0x6E33 + 31L * p.ordinal());
        for (int[] s : shapes(beta == 0.5)) {
            int m = s[0], n = s[1], k = s[2];
            Problem pr = problem(p, transA, transB, m, n, k, beta, () -> rnd.nextDouble(-1, 1));
            assertMatchesReference(pr, p);
        }
    }

    /** Small integers: every partial sum is exact, so both paths must equal the reference exactly. */
    @ParameterizedTest(name = "{0} transA={1} transB={2} beta={3}")
    @MethodSource("configurations")
    void integerProductsAreExact(Precision p, boolean transA, boolean transB, double beta) {
        SplittableRandom rnd = new SplittableRandom(0x1E7 + 17L * p.ordinal());
        for (int[] s : shapes(false)) {
            int m = s[0], n = s[1], k = s[2];
            Problem pr = problem(p, transA, transB, m, n, k, beta, () -> rnd.nextInt(-4, 5));
            double[] simd = pr.run(p, true);
            double[] scalar = pr.run(p, false);
            double[] expected = pr.c().clone();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    expected[pr.ci(i, j)] = pr.reference(i, j)[0];
                }
            }
            String where = p + " " + m + "x" + n + "x" + k + " transA=" + transA + " transB=" + transB + " beta=" + beta;
            assertArrayEquals(expected, simd, where + " SIMD");
            assertArrayEquals(expected, scalar, where + " scalar");
        }
    }

    /** BLAS semantics: with beta = 0, C's old contents are never read, so NaN or Inf there cannot leak. */
    @Test
    void betaZeroIgnoresNanAndInfinityInC() {
        for (Precision p : Precision.values()) {
            for (boolean vector : new boolean[] {true, false}) {
                for (boolean transA : new boolean[] {false, true}) {
                    for (boolean transB : new boolean[] {false, true}) {
                        for (int[] s : new int[][] {{7, 40, 5}, {4, 33, 1}, {1, 1, 3}, {9, 70, 2}}) {
                            int m = s[0], n = s[1], k = s[2];
                            double[] a = new double[m * k];
                            double[] b = new double[k * n];
                            Arrays.fill(a, 1.5);
                            Arrays.fill(b, 2);
                            double[] c = new double[m * n];
                            for (int x = 0; x < c.length; x++) {
                                c[x] = x % 3 == 0 ? Double.NaN : x % 3 == 1 ? Double.POSITIVE_INFINITY
                                        : Double.NEGATIVE_INFINITY;
                            }
                            Problem pr = new Problem(transA, transB, m, n, k, a, 0, transA ? m : k,
                                    b, 0, transB ? k : n, 0, c, 0, n);
                            double[] got = pr.run(p, vector);
                            double[] expected = new double[m * n];
                            Arrays.fill(expected, 3.0 * k);
                            assertArrayEquals(expected, got, p + " vector=" + vector + " " + m + "x" + n + "x" + k
                                    + " transA=" + transA + " transB=" + transB);
                        }
                    }
                }
            }
        }
    }

    /** With k = 0 the product is empty: C becomes beta·C (0 when beta = 0, even over NaN). */
    @Test
    void emptyInnerDimensionGivesBetaTimesC() {
        for (Precision p : Precision.values()) {
            for (boolean vector : new boolean[] {true, false}) {
                for (boolean transA : new boolean[] {false, true}) {
                    for (boolean transB : new boolean[] {false, true}) {
                        for (double beta : BETAS) {
                            int m = 6, n = 37;
                            SplittableRandom rnd = new SplittableRandom(5);
                            double[] c = KernelTestSupport.uniform(rnd, p, m * n, -3, 3);
                            if (beta == 0) {
                                c[0] = Double.NaN;
                                c[n + 1] = Double.POSITIVE_INFINITY;
                            }
                            Problem pr = new Problem(transA, transB, m, n, 0, new double[1], 0, transA ? m : 1,
                                    new double[1], 0, transB ? 1 : n, beta, c, 0, n);
                            double[] got = pr.run(p, vector);
                            double[] expected = new double[m * n];
                            for (int x = 0; x < expected.length; x++) {
                                expected[x] = beta == 0 ? 0 : beta * c[x];
                            }
                            assertArrayEquals(expected, got, p + " vector=" + vector + " transA=" + transA
                                    + " transB=" + transB + " beta=" + beta);
                        }
                    }
                }
            }
        }
    }

    /** An empty C (m = 0 or n = 0) is a no-op: nothing is read or written. */
    @Test
    void emptyOutputLeavesCUntouched() {
        for (Precision p : Precision.values()) {
            for (boolean vector : new boolean[] {true, false}) {
                for (int[] s : new int[][] {{0, 5, 3}, {5, 0, 3}, {0, 0, 0}}) {
                    double[] c = {Double.NaN, 7, -1};
                    Problem pr = new Problem(false, false, s[0], s[1], s[2], new double[1], 0, 3,
                            new double[1], 0, 5, 0.5, c, 0, 5);
                    assertArrayEquals(c, pr.run(p, vector), p + " vector=" + vector + " " + Arrays.toString(s));
                }
            }
        }
    }

    /** The package-info example, computed by hand, in both modes and precisions. */
    @Test
    void smallWorkedExample() {
        // [[1 2 3] [4 5 6]] · [[1 2] [3 4] [5 6]] = [[22 28] [49 64]]
        double[] a = {1, 2, 3, 4, 5, 6};
        double[] b = {1, 2, 3, 4, 5, 6};
        for (Precision p : Precision.values()) {
            for (boolean vector : new boolean[] {true, false}) {
                Problem pr = new Problem(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, 0, new double[4], 0, 2);
                assertArrayEquals(new double[] {22, 28, 49, 64}, pr.run(p, vector), p + " vector=" + vector);
                // Aᵀ stored as [3x2] and Bᵀ stored as [2x3] give the same product.
                Problem tr = new Problem(true, true, 2, 2, 3, new double[] {1, 4, 2, 5, 3, 6}, 0, 2,
                        new double[] {1, 3, 5, 2, 4, 6}, 0, 3, 0, new double[4], 0, 2);
                assertArrayEquals(new double[] {22, 28, 49, 64}, tr.run(p, vector), p + " vector=" + vector + " transposed");
            }
        }
    }
}
