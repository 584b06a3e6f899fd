package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The C functions Nabla calls, bound once through the FFM API: the CUDA runtime (memory, copies), the
 * driver API (modules and launches), cuBLAS (GEMM) and NVRTC (compiling the kernels' source). Device
 * pointers travel as {@code long}: on the 64-bit platforms CUDA supports a pointer is passed as a 64-bit
 * integer, and a {@code long} costs no {@code MemorySegment} per call.
 */
final class Native {
    private static final Linker LINKER = Linker.nativeLinker();
    static final int H2D = 1, D2H = 2, D2D = 3;

    final MethodHandle malloc, free, memGetInfo, memcpy, memcpyAsync, memset, sync, deviceCount, setDevice, attribute, errorString, mallocHost;
    final MethodHandle cuInit, cuDeviceGet, cuDeviceGetName, cuModuleLoadData, cuModuleGetFunction, cuLaunchKernel;
    final MethodHandle blasCreate, blasSetMathMode, sgemm;
    final MethodHandle rtcCreate, rtcCompile, rtcLogSize, rtcLog, rtcCubinSize, rtcCubin, rtcDestroy, rtcVersion;

    /** Binds every function from {@code libs}, loading libcublasLt and libnvrtc-builtins first where found. */
    Native(CudaLibraries libs) {
        Arena a = Arena.global();
        SymbolLookup drv = load(libs.driver(), a), rt = load(libs.runtime(), a);
        if (libs.blasLt() != null) load(libs.blasLt(), a);       // cuBLAS links against it by name
        SymbolLookup blas = load(libs.blas(), a);
        if (libs.builtins() != null) load(libs.builtins(), a);   // NVRTC opens it by name at compile time
        SymbolLookup rtc = load(libs.nvrtc(), a);

        malloc = fn(rt, "cudaMalloc", JAVA_INT, ADDRESS, JAVA_LONG);
        free = fn(rt, "cudaFree", JAVA_INT, JAVA_LONG);
        memGetInfo = fn(rt, "cudaMemGetInfo", JAVA_INT, ADDRESS, ADDRESS);
        memcpy = fn(rt, "cudaMemcpy", JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT);
        memcpyAsync = fn(rt, "cudaMemcpyAsync", JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG);
        memset = fn(rt, "cudaMemsetAsync", JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG);
        sync = fn(rt, "cudaDeviceSynchronize", JAVA_INT);
        deviceCount = fn(rt, "cudaGetDeviceCount", JAVA_INT, ADDRESS);
        setDevice = fn(rt, "cudaSetDevice", JAVA_INT, JAVA_INT);
        attribute = fn(rt, "cudaDeviceGetAttribute", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        errorString = fn(rt, "cudaGetErrorString", ADDRESS, JAVA_INT);
        mallocHost = fn(rt, "cudaMallocHost", JAVA_INT, ADDRESS, JAVA_LONG);

        cuInit = fn(drv, "cuInit", JAVA_INT, JAVA_INT);
        cuDeviceGet = fn(drv, "cuDeviceGet", JAVA_INT, ADDRESS, JAVA_INT);
        cuDeviceGetName = fn(drv, "cuDeviceGetName", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        cuModuleLoadData = fn(drv, "cuModuleLoadData", JAVA_INT, ADDRESS, ADDRESS);
        cuModuleGetFunction = fn(drv, "cuModuleGetFunction", JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS);
        cuLaunchKernel = fn(drv, "cuLaunchKernel", JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG);

        blasCreate = fn(blas, "cublasCreate_v2", JAVA_INT, ADDRESS);
        blasSetMathMode = fn(blas, "cublasSetMathMode", JAVA_INT, JAVA_LONG, JAVA_INT);
        sgemm = fn(blas, "cublasSgemm_v2", JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);

        rtcCreate = fn(rtc, "nvrtcCreateProgram", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        rtcCompile = fn(rtc, "nvrtcCompileProgram", JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS);
        rtcLogSize = fn(rtc, "nvrtcGetProgramLogSize", JAVA_INT, JAVA_LONG, ADDRESS);
        rtcLog = fn(rtc, "nvrtcGetProgramLog", JAVA_INT, JAVA_LONG, ADDRESS);
        rtcCubinSize = fn(rtc, "nvrtcGetCUBINSize", JAVA_INT, JAVA_LONG, ADDRESS);
        rtcCubin = fn(rtc, "nvrtcGetCUBIN", JAVA_INT, JAVA_LONG, ADDRESS);
        rtcDestroy = fn(rtc, "nvrtcDestroyProgram", JAVA_INT, ADDRESS);
        rtcVersion = fn(rtc, "nvrtcVersion", JAVA_INT, ADDRESS, ADDRESS);
    }

    private static SymbolLookup load(Path lib, Arena a) {
        try {
            return lib.getParent() == null ? SymbolLookup.libraryLookup(lib.toString(), a) : SymbolLookup.libraryLookup(lib, a);
        } catch (IllegalArgumentException e) {
            throw new CudaUnavailableException("cannot load " + lib + (lib.getParent() == null
                    ? " (the NVIDIA driver's library: is a driver installed?)" : "") + ": " + e.getMessage(), e);
        }
    }

    private static MethodHandle fn(SymbolLookup lib, String name, MemoryLayout ret, MemoryLayout... args) {
        MemorySegment sym = lib.find(name).orElseThrow(() -> new CudaUnavailableException("CUDA library without " + name
                + ": too old a version?"));
        return LINKER.downcallHandle(sym, ret == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(ret, args));
    }

    /** Throws naming {@code what} and the runtime's words for {@code rc} unless it is 0 (success). */
    void check(String what, int rc) {
        if (rc != 0) {
            throw new IllegalStateException("CUDA: " + what + " failed: " + describe(rc) + " (" + rc + ")");
        }
    }

    String describe(int rc) {
        try {
            return ((MemorySegment) errorString.invokeExact(rc)).reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "error " + rc;
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
