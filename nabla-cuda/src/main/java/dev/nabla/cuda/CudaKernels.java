package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The kernels of {@code kernels.cu} (a resource of this module, CUDA C source): compiled by NVRTC for this
 * device's architecture on first use, and the cubin cached on disk under a SHA-256 of the source, the
 * device's name and compute capability, NVRTC's version and the options, so a second run loads it
 * (a cubin is specific to all four). The cache folder: {@code -Dnabla.cuda.cache}, else
 * {@code $XDG_CACHE_HOME/nabla/cuda}, else {@code ~/.cache/nabla/cuda}; a cache that cannot be written
 * costs a compile per run, nothing more.
 */
final class CudaKernels {
    private static final System.Logger LOG = System.getLogger(CudaKernels.class.getName());
    private static final String SOURCE = "kernels.cu";

    private final Native nv;
    private final long module;
    private final Map<String, Long> functions = new HashMap<>();
    /** How the module was obtained, for reports: "compiled in N ms" or "loaded from the cache". */
    final String origin;

    CudaKernels(Native nv, String deviceName, int major, int minor) {
        this.nv = nv;
        String source = source();
        List<String> options = List.of("--gpu-architecture=sm_" + major + minor, "--fmad=false", "--std=c++17");
        String key = sha256(source + "\n" + deviceName + "\n" + major + "." + minor + "\n" + nvrtcVersion() + "\n" + options);
        Path cached = cacheDir().resolve(key + ".cubin");
        byte[] cubin = null;
        String how;
        try {
            cubin = Files.isRegularFile(cached) ? Files.readAllBytes(cached) : null;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "kernel cache unreadable: " + cached, e);
        }
        if (cubin != null) {
            how = "loaded from " + cached;
        } else {
            long t0 = System.nanoTime();
            cubin = compile(source, options);
            how = String.format(java.util.Locale.ROOT, "compiled by NVRTC in %.0f ms", (System.nanoTime() - t0) / 1e6);
            store(cached, cubin);
        }
        origin = how;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            MemorySegment image = a.allocate(cubin.length + 1L);
            MemorySegment.copy(cubin, 0, image, ValueLayout.JAVA_BYTE, 0, cubin.length);
            nv.check("cuModuleLoadData", (int) nv.cuModuleLoadData.invokeExact(out, image));
            module = out.get(ADDRESS, 0).address();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The function {@code name} of the module (looked up once). */
    long function(String name) {
        Long f = functions.get(name);
        if (f != null) {
            return f;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            nv.check("cuModuleGetFunction " + name, (int) nv.cuModuleGetFunction.invokeExact(out, module, a.allocateFrom(name)));
            long fn = out.get(ADDRESS, 0).address();
            functions.put(name, fn);
            return fn;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static String source() {
        try (InputStream in = CudaKernels.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException("nabla-cuda: resource " + SOURCE + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("nabla-cuda: cannot read " + SOURCE, e);
        }
    }

    private byte[] compile(String source, List<String> options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prog = a.allocate(ADDRESS);
            rtc("nvrtcCreateProgram", (int) nv.rtcCreate.invokeExact(prog, a.allocateFrom(source), a.allocateFrom(SOURCE), 0,
                    MemorySegment.NULL, MemorySegment.NULL));
            long p = prog.get(ADDRESS, 0).address();
            MemorySegment opts = a.allocate(ADDRESS, options.size());
            for (int i = 0; i < options.size(); i++) {
                opts.setAtIndex(ADDRESS, i, a.allocateFrom(options.get(i)));
            }
            int rc = (int) nv.rtcCompile.invokeExact(p, options.size(), opts);
            MemorySegment size = a.allocate(JAVA_LONG);
            rtc("nvrtcGetProgramLogSize", (int) nv.rtcLogSize.invokeExact(p, size));
            MemorySegment log = a.allocate(size.get(JAVA_LONG, 0) + 1);
            rtc("nvrtcGetProgramLog", (int) nv.rtcLog.invokeExact(p, log));
            if (rc != 0) {
                throw new IllegalStateException("NVRTC could not compile " + SOURCE + " with " + options + ": " + log.getString(0).strip());
            }
            rtc("nvrtcGetCUBINSize", (int) nv.rtcCubinSize.invokeExact(p, size));
            MemorySegment bin = a.allocate(size.get(JAVA_LONG, 0));
            rtc("nvrtcGetCUBIN", (int) nv.rtcCubin.invokeExact(p, bin));
            rtc("nvrtcDestroyProgram", (int) nv.rtcDestroy.invokeExact(prog));
            return bin.toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static void rtc(String what, int rc) {
        if (rc != 0) {
            throw new IllegalStateException("NVRTC: " + what + " failed with code " + rc);
        }
    }

    private String nvrtcVersion() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment major = a.allocate(JAVA_INT), minor = a.allocate(JAVA_INT);
            rtc("nvrtcVersion", (int) nv.rtcVersion.invokeExact(major, minor));
            return major.get(JAVA_INT, 0) + "." + minor.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static Path cacheDir() {
        String prop = System.getProperty("nabla.cuda.cache");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home", "."), ".cache");
        return base.resolve("nabla").resolve("cuda");
    }

    /** Writes the cubin by rename, so a concurrent run never reads half a file. */
    private static void store(Path file, byte[] cubin) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "kernels", ".tmp");
            Files.write(tmp, cubin);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, "kernel cache not written: " + file, e);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
