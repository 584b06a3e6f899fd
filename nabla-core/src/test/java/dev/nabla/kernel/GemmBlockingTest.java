package dev.nabla.kernel;

import static dev.nabla.kernel.GemmTestSupport.assertMatchesReference;
import static dev.nabla.kernel.GemmTestSupport.problem;
import static dev.nabla.kernel.KernelTestSupport.withVector;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.kernel.GemmTestSupport.Problem;
import dev.nabla.kernel.KernelTestSupport.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GemmF32 and GemmF64 where their blocking changes: around the k-block (KC), the register tile's rows
 * (MR), the vector and panel widths (L, two vectors for the half-panel tiles, NR) and the n-block (NC); then random shapes against the scalar
 * twin, gradient-style accumulation, and the rule that an element's bits do not depend on which tile,
 * panel or block computes it.
 */
class GemmBlockingTest {

    private static final int KC = GemmSimdF32.KC;
    private static final int MR = GemmTileF32.MR;

    private static int lanes(Precision p) {
        return p == Precision.F32 ? FloatVector.SPECIES_PREFERRED.length() : DoubleVector.SPECIES_PREFERRED.length();
    }

    private static int panel(Precision p) {
        return p == Precision.F32 ? GemmTileF32.NR : GemmTileF64.NR;
    }

    /** Shapes {m, n, k}: one dimension at a time around its boundaries, the others just past theirs. */
    private static List<int[]> boundaryShapes(Precision p) {
        int l = lanes(p), nr = panel(p), nc = p == Precision.F32 ? GemmSimdF32.NC : GemmSimdF64.NC;
        List<int[]> shapes = new ArrayList<>();
        for (int k : new int[] {KC - 1, KC, KC + 1, 2 * KC + 3}) {
            shapes.add(new int[] {MR + 1, nr + l + 3, k});
        }
        for (int n : new int[] {l - 1, l, l + 1, 2 * l - 1, 2 * l, 2 * l + 1, 3 * l, nr - 1, nr, nr + 1, 2 * nr + l + 3}) {
            shapes.add(new int[] {MR + 1, n, KC + 1});
        }
        for (int m : new int[] {1, MR - 1, MR, MR + 1, 2 * MR + 5}) {
            shapes.add(new int[] {m, nr + 1, KC + 1});
        }
        shapes.add(new int[] {MR + 1, nc + l + 1, 3});
        return shapes;
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2} beta={3}")
    @MethodSource("dev.nabla.kernel.GemmTest#configurations")
    void blockingBoundariesMatchReference(Precision p, boolean transA, boolean transB, double beta) {
        SplittableRandom rnd = new SplittableRandom(0xB10C + 7L * p.ordinal());
        for (int[] s : boundaryShapes(p)) {
            assertMatchesReference(problem(p, transA, transB, s[0], s[1], s[2], beta, () -> rnd.nextDouble(-1, 1)), p);
        }
    }

    /**
     * Random shapes (mostly small, some past the blocking sizes), transposes and betas; each product is
     * then followed by a second one accumulated into its result with beta = 1, as gradients are.
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void randomProductsAndAccumulationMatchTheScalarTwin(Precision p) {
        SplittableRandom rnd = new SplittableRandom(0x5EED + p.ordinal());
        double[] betas = {0, 1, 0.5, -2};
        for (int trial = 0; trial < 40; trial++) {
            int m = size(rnd), n = size(rnd), k = size(rnd);
            boolean transA = rnd.nextBoolean(), transB = rnd.nextBoolean();
            double beta = betas[rnd.nextInt(betas.length)];
            Problem first = problem(p, transA, transB, m, n, k, beta, () -> rnd.nextDouble(-1, 1));
            assertMatchesReference(first, p);
            Problem again = problem(p, transA, transB, m, n, k, 1, () -> rnd.nextDouble(-1, 1));
            Problem accumulated = new Problem(transA, transB, m, n, k, again.a(), again.aOff(), again.lda(),
                    again.b(), again.bOff(), again.ldb(), 1, first.run(p, true), first.cOff(), first.ldc());
            assertMatchesReference(accumulated, p);
        }
    }

    private static int size(SplittableRandom rnd) {
        return rnd.nextInt(4) == 0 ? rnd.nextInt(1, 2 * KC + 40) : rnd.nextInt(1, 40);
    }

    /**
     * Every element of C is one chain of fused multiply-adds in ascending k, so computing a sub-block of
     * C on its own (different panels, row tiles, partial vectors and paths) gives the same bits.
     */
    @ParameterizedTest(name = "{0} transA={1} transB={2} beta={3}")
    @MethodSource("dev.nabla.kernel.GemmTest#configurations")
    void elementBitsDoNotDependOnTheTiling(Precision p, boolean transA, boolean transB, double beta) {
        int l = lanes(p), nr = panel(p), m = 2 * MR + 5, n = nr + 2 * l + 5, k = KC + 7; // last panel: 2 + partial vectors
        SplittableRandom rnd = new SplittableRandom(0x7117 + p.ordinal());
        Problem whole = problem(p, transA, transB, m, n, k, beta, () -> rnd.nextDouble(-1, 1));
        double[] expected = whole.run(p, true);
        int[][] blocks = {{1, m - 1, 3, n - 2}, {5, 6, l + 1, l + 2}, {0, m, nr - 1, n}, {m - 1, m, 0, n},
            {2, MR + 3, 0, l - 1}};
        for (int[] blk : blocks) {
            int i0 = blk[0], i1 = blk[1], j0 = blk[2], j1 = blk[3];
            int aOff = whole.aOff() + (transA ? i0 : i0 * whole.lda());
            int bOff = whole.bOff() + (transB ? j0 * whole.ldb() : j0);
            Problem part = new Problem(transA, transB, i1 - i0, j1 - j0, k, whole.a(), aOff, whole.lda(),
                    whole.b(), bOff, whole.ldb(), beta, whole.c(), whole.ci(i0, j0), whole.ldc());
            double[] got = part.run(p, true);
            for (int i = i0; i < i1; i++) {
                for (int j = j0; j < j1; j++) {
                    int ci = whole.ci(i, j);
                    String where = p + " C[" + i + "," + j + "] computed within rows [" + i0 + "," + i1
                            + ") cols [" + j0 + "," + j1 + ")";
                    assertEquals(Double.doubleToRawLongBits(expected[ci]), Double.doubleToRawLongBits(got[ci]), where);
                }
            }
        }
    }

    @Test
    void warmUpRunsInBothModesAndLeavesTheModeAlone() {
        for (boolean vector : new boolean[] {true, false}) {
            boolean mode = withVector(vector, () -> {
                Kernels.warmUp();
                return KernelMode.vector();
            });
            assertEquals(vector, mode, "warm-up changed the kernel mode");
        }
    }
}
