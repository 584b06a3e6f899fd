package dev.nabla.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs a k-block of B into the column panels the {@link GemmTileF32} tiles read: panel q holds kb rows
 * of {@code NR} consecutive columns, row after row, so a tile loads each row with unit-stride vector
 * loads. A panel narrower than NR is zero-padded to whole vectors. B is read through its strides, which
 * is where a transposed B costs its one copy.
 */
final class GemmPackF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NR = GemmTileF32.NR;
    /** Interleave two vectors: lanes 0, L, 1, L + 1, … (the low halves), and the high halves likewise. */
    private static final VectorShuffle<Float> ZIP_LO = VectorShuffle.fromOp(S, i -> (i & 1) == 0 ? i / 2 : L + i / 2);
    private static final VectorShuffle<Float> ZIP_HI =
            VectorShuffle.fromOp(S, i -> (i & 1) == 0 ? L / 2 + i / 2 : L + L / 2 + i / 2);
    /** Rounds of zips that transpose an L × L block: log2(L). */
    private static final int ROUNDS = Integer.numberOfTrailingZeros(L);

    private GemmPackF32() {}

    /**
     * Packs B[p0..p0+kb, j0..j0+nb), B's element (p, j) at {@code b[bOff + p * rsB + j * csB]}, into
     * {@code out}'s panels: panel q from element {@code q * kb * NR} (the workspace is scratch for gathers).
     */
    static void pack(float[] b, int bOff, int rsB, int csB, int p0, int kb, int j0, int nb, float[] out,
                     GemmSimdF32.Workspace ws) {
        for (int q = 0; q * NR < nb; q++) {
            int w = Math.min(NR, nb - q * NR), dst = q * kb * NR, src = bOff + p0 * rsB + (j0 + q * NR) * csB;
            if (csB == 1) {
                rows(b, src, rsB, kb, w, out, dst);
            } else if (w % L == 0) {
                int p = transposed(b, src, csB, kb, w, out, dst, ws.block);
                gathered(b, src, csB, p, kb, w, out, dst, ws.gather);
            } else {
                columns(b, src, csB, kb, w, out, dst, ws.row);
            }
        }
    }

    /** B row-major: each of the kb rows is a run of w values; masked loads fill a partial panel's padding with zeros. */
    private static void rows(float[] b, int src, int rsB, int kb, int w, float[] buf, int dst) {
        if (w == NR) { // a full panel: plain loads (masked ones cost a mask per vector)
            for (int p = 0; p < kb; p++, src += rsB, dst += NR) {
                for (int v = 0; v < NR; v += L) {
                    FloatVector.fromArray(S, b, src + v).intoArray(buf, dst + v);
                }
            }
            return;
        }
        for (int p = 0; p < kb; p++, src += rsB, dst += NR) {
            for (int v = 0; v < w; v += L) {
                FloatVector.fromArray(S, b, src + v, S.indexInRange(v, w)).intoArray(buf, dst + v);
            }
        }
    }

    /**
     * B transposed, a panel of whole vectors (w a multiple of L), rows [0, p) for the largest multiple p of L
     * not above kb, which it returns: each L × L block of B's stored rows (L consecutive entries of L rows,
     * each a unit-stride load) is transposed by log2(L) rounds of zips, each round on the L vectors of the
     * one before (in {@code block}, 2·L·L floats in L1), the last one storing the panel's rows. A row gathered
     * across L stored rows instead cost each entry a load of its own: packing [784 × 256] took about 97 µs
     * that way.
     */
    private static int transposed(float[] b, int src, int csB, int kb, int w, float[] buf, int dst, float[] block) {
        int p = 0;
        for (; ROUNDS > 0 && p + L <= kb; p += L) { // a one-lane species has nothing to transpose: all gathered
            for (int v = 0; v < w; v += L) {
                if (Transposes.whole(b)) { // rows in registers: see Transposes
                    Transposes.block(b, src + v * csB + p, csB, buf, dst + p * NR + v, NR);
                    continue;
                }
                float[] in = b;
                int at = src + v * csB + p, stride = csB;
                for (int round = 0; round < ROUNDS; round++) {
                    boolean last = round == ROUNDS - 1;
                    int to = last ? dst + p * NR + v : (round & 1) * L * L;
                    zipRound(in, at, stride, last ? buf : block, to, last ? NR : L);
                    in = block;
                    at = to;
                    stride = L;
                }
            }
        }
        return p;
    }

    /** Rows i and i + L/2 of the L rows at {@code a[at + i·stride]} zipped into rows 2i and 2i + 1 at {@code out[to ..]}. */
    private static void zipRound(float[] a, int at, int stride, float[] out, int to, int outStride) {
        for (int i = 0; i < L / 2; i++) {
            FloatVector x = FloatVector.fromArray(S, a, at + i * stride);
            FloatVector y = FloatVector.fromArray(S, a, at + (i + L / 2) * stride);
            x.rearrange(ZIP_LO, y).intoArray(out, to + 2 * i * outStride);
            x.rearrange(ZIP_HI, y).intoArray(out, to + (2 * i + 1) * outStride);
        }
    }

    /**
     * B transposed, a panel of whole vectors (w a multiple of L), rows [p0, kb): each row of the panel is w / L
     * gathers across B's stored rows. Past w the panel is left as it is: no tile reads columns past a whole
     * vector's panel.
     */
    private static void gathered(float[] b, int src, int csB, int p0, int kb, int w, float[] buf, int dst, int[] offsets) {
        if (p0 == kb) {
            return;
        }
        for (int l = 0; l < L; l++) {
            offsets[l] = l * csB;
        }
        for (int p = p0; p < kb; p++) {
            for (int v = 0; v < w; v += L) {
                FloatVector.fromArray(S, b, src + v * csB + p, offsets, 0)
                        .intoArray(buf, dst + p * NR + v);
            }
        }
    }

    /**
     * B transposed, a partial panel (a masked gather checks even its unset lanes, so it cannot be used
     * here): each row is collected in {@code row}, zero-padded, and copied in whole vectors.
     */
    private static void columns(float[] b, int src, int csB, int kb, int w, float[] buf, int dst, float[] row) {
        Arrays.fill(row, 0f);
        for (int p = 0; p < kb; p++) {
            for (int j = 0; j < w; j++) {
                row[j] = b[src + j * csB + p];
            }
            for (int v = 0; v < w; v += L) {
                FloatVector.fromArray(S, row, v).intoArray(buf, dst + p * NR + v);
            }
        }
    }
}
