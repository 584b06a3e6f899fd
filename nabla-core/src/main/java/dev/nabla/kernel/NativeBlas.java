package dev.nabla.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * An optional native GEMM: OpenBLAS's {@code cblas_sgemm}/{@code cblas_dgemm} called through the FFM API
 * on the Java arrays themselves (critical heap segments: no copies). Off unless asked for with
 * {@code -Dnabla.backend=openblas}; used only if the library loads. The pure-Java kernels stay the
 * default and the reference: OpenBLAS's own threading does not promise the bit-identical results across
 * thread counts that Nabla's kernels do.
 *
 * <p>The library is looked up only when something asks about it ({@link #available}, {@link #describe},
 * {@link #setEnabled}{@code (true)}) or {@code -Dnabla.backend=openblas} is set: the lookup and the
 * downcall handles are restricted methods, and a JVM without {@code --enable-native-access} prints four
 * lines of warnings for them, which a program that never asked for native code should not see.
 */
public final class NativeBlas {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final List<String> LIBRARIES = List.of("libopenblas.so.0", "libopenblas.so", "libopenblas.dylib");

    private static volatile boolean enabled = "openblas".equalsIgnoreCase(System.getProperty("nabla.backend", "java"))
            && available();

    private record Handles(String library, MethodHandle sgemm, MethodHandle dgemm) {}

    /** The library's handles, looked up when this class is first used (see the class comment); null if not found. */
    private static final class Library {
        static final Handles HANDLES = load();
    }

    private NativeBlas() {}

    /** True when OpenBLAS was found (whether or not it is enabled). Looks the library up on the first call. */
    public static boolean available() {
        return Library.HANDLES != null;
    }

    /** True when GEMMs go to OpenBLAS. */
    public static boolean enabled() {
        return enabled;
    }

    /** Turns the native path on (if available) or off; returns the previous setting. */
    public static boolean setEnabled(boolean on) {
        boolean previous = enabled;
        enabled = on && available();
        return previous;
    }

    /** A one-line description for {@code nabla info --backend}. */
    public static String describe() {
        Handles handles = Library.HANDLES;
        if (handles == null) {
            return "OpenBLAS: not found (looked for " + String.join(", ", LIBRARIES) + "); pure Java only";
        }
        return "OpenBLAS: " + handles.library() + (enabled ? ", in use for GEMM" : ", found but off (-Dnabla.backend=openblas to use it)");
    }

    private static Handles load() {
        Linker linker = Linker.nativeLinker();
        FunctionDescriptor fs = FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT);
        FunctionDescriptor fd = FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_DOUBLE, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_DOUBLE, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT);
        for (String lib : LIBRARIES) {
            try {
                SymbolLookup lookup = SymbolLookup.libraryLookup(lib, Arena.global());
                Optional<MemorySegment> s = lookup.find("cblas_sgemm");
                Optional<MemorySegment> d = lookup.find("cblas_dgemm");
                if (s.isPresent() && d.isPresent()) {
                    // critical: the call may read and write the Java arrays in place, and is short enough
                    // not to need a safepoint
                    Linker.Option critical = Linker.Option.critical(true);
                    return new Handles(lib, linker.downcallHandle(s.get(), fs, critical), linker.downcallHandle(d.get(), fd, critical));
                }
            } catch (IllegalArgumentException | IllegalCallerException | UnsupportedOperationException notHere) {
                // not this name, or native access not granted: try the next, else stay pure Java
            }
        }
        return null;
    }

    /** C = op(A)·op(B) + beta·C on float arrays, row-major, as {@link GemmF32#gemm}. */
    static void gemmF32(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        try {
            Library.HANDLES.sgemm().invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, 1f,
                    MemorySegment.ofArray(a).asSlice(4L * aOff), lda, MemorySegment.ofArray(b).asSlice(4L * bOff), ldb, beta,
                    MemorySegment.ofArray(c).asSlice(4L * cOff), ldc);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed: " + t, t);
        }
    }

    /** C = op(A)·op(B) + beta·C on double arrays, row-major, as {@link GemmF64#gemm}. */
    static void gemmF64(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        try {
            Library.HANDLES.dgemm().invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, 1d,
                    MemorySegment.ofArray(a).asSlice(8L * aOff), lda, MemorySegment.ofArray(b).asSlice(8L * bOff), ldb, beta,
                    MemorySegment.ofArray(c).asSlice(8L * cOff), ldc);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_dgemm failed: " + t, t);
        }
    }
}
