package dev.nabla.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The system's OpenBLAS {@code cblas_sgemm}, called through the FFM API on the Java arrays in place, so
 * that {@link GemmBenchmark} can time it beside Nabla's kernel ({@code -p kernel=openblas}). A yardstick
 * for the benchmarks only; nothing in the library uses it.
 */
final class OpenBlas {
    private static final String LIBRARY = "libopenblas.so.0";
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    private static final MethodHandle[] HANDLES = load();

    private OpenBlas() {}

    /** True when {@value #LIBRARY} was found and has {@code cblas_sgemm}. */
    static boolean available() {
        return HANDLES != null;
    }

    /** OpenBLAS's own thread count ({@code openblas_set_num_threads}). */
    static void setThreads(int threads) {
        try {
            HANDLES[1].invokeExact(threads);
        } catch (Throwable e) {
            throw new IllegalStateException("openblas_set_num_threads failed", e);
        }
    }

    /** C = op(A)·op(B) + beta·C, row-major, all three arrays from index 0. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int lda,
                      float[] b, int ldb, float beta, float[] c, int ldc) {
        try {
            HANDLES[0].invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, 1f,
                    MemorySegment.ofArray(a), lda, MemorySegment.ofArray(b), ldb, beta, MemorySegment.ofArray(c), ldc);
        } catch (Throwable e) {
            throw new IllegalStateException("cblas_sgemm failed", e);
        }
    }

    private static MethodHandle[] load() {
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lookup = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
            Optional<MemorySegment> sgemm = lookup.find("cblas_sgemm");
            Optional<MemorySegment> threads = lookup.find("openblas_set_num_threads");
            if (sgemm.isEmpty() || threads.isEmpty()) {
                return null;
            }
            FunctionDescriptor gemm = FunctionDescriptor.ofVoid(I, I, I, I, I, I, F, ValueLayout.ADDRESS, I,
                    ValueLayout.ADDRESS, I, F, ValueLayout.ADDRESS, I);
            // critical: OpenBLAS reads and writes the heap arrays in place, with no copies
            MethodHandle g = linker.downcallHandle(sgemm.get(), gemm, Linker.Option.critical(true));
            MethodHandle t = linker.downcallHandle(threads.get(), FunctionDescriptor.ofVoid(I));
            return new MethodHandle[] {g, t};
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return null;
        }
    }
}
