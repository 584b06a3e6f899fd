package dev.nabla.cuda;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the CUDA libraries are on this machine, found at run time and never assumed: the driver
 * ({@code libcuda.so.1}, installed with the NVIDIA driver), the runtime ({@code libcudart}), cuBLAS (and
 * the {@code libcublasLt} it needs) and NVRTC (and its {@code libnvrtc-builtins}). The places searched, in
 * order: {@code NABLA_CUDA_PATH} (directories, ':'-separated), {@code LD_LIBRARY_PATH},
 * {@code CUDA_HOME}/{@code CUDA_PATH}, {@code /usr/local/cuda*}, the {@code nvidia/*}{@code /lib} folders of
 * Python environments (pip's CUDA wheels, which PyTorch brings: the GPU machine we measured on has no
 * other copy), then the system's library folders. In one folder the highest version wins.
 *
 * @param driver   libcuda.so.1, or the bare name when only the dynamic linker's cache may know it
 * @param runtime  libcudart.so.N
 * @param blas     libcublas.so.N
 * @param blasLt   libcublasLt.so.N (loaded first: cuBLAS links against it), or null
 * @param nvrtc    libnvrtc.so.N
 * @param builtins libnvrtc-builtins.so.* (loaded first: NVRTC opens it by name), or null
 */
public record CudaLibraries(Path driver, Path runtime, Path blas, Path blasLt, Path nvrtc, Path builtins) {

    /** The libraries of this machine's environment and file system; throws {@link CudaUnavailableException}. */
    public static CudaLibraries find() {
        return find(System.getenv(), Path.of(System.getProperty("user.home", "/")), Files::isDirectory);
    }

    /** As {@link #find()} for a given environment and home (for tests, with {@code isDir} over a fake tree). */
    static CudaLibraries find(Map<String, String> env, Path home, java.util.function.Predicate<Path> isDir) {
        List<String> looked = new ArrayList<>();
        List<Path> dirs = searchPath(env, home, looked).stream().filter(isDir).toList();
        Function<String, Optional<Path>> in = prefix -> dirs.stream().map(d -> newest(d, prefix)).flatMap(Optional::stream).findFirst();
        Optional<Path> driver = in.apply("libcuda.so"), runtime = in.apply("libcudart.so"), blas = in.apply("libcublas.so"),
                nvrtc = in.apply("libnvrtc.so");
        List<String> missing = new ArrayList<>();
        if (runtime.isEmpty()) missing.add("libcudart.so*");
        if (blas.isEmpty()) missing.add("libcublas.so*");
        if (nvrtc.isEmpty()) missing.add("libnvrtc.so*");
        if (!missing.isEmpty()) {
            throw new CudaUnavailableException("CUDA libraries not found: " + String.join(", ", missing) + " (looked in "
                    + String.join(", ", looked) + "; set NABLA_CUDA_PATH to the folders that hold them)");
        }
        Path blasDir = blas.get().getParent(), rtcDir = nvrtc.get().getParent();
        return new CudaLibraries(driver.orElse(Path.of("libcuda.so.1")), runtime.get(), blas.get(),
                newest(blasDir, "libcublasLt.so").orElse(null), nvrtc.get(), newest(rtcDir, "libnvrtc-builtins.so").orElse(null));
    }

    /** The folders to search, in order, with what was looked at described (patterns, not every match) into {@code looked}. */
    static List<Path> searchPath(Map<String, String> env, Path home, List<String> looked) {
        Set<Path> dirs = new LinkedHashSet<>();
        for (String var : List.of("NABLA_CUDA_PATH", "LD_LIBRARY_PATH")) {
            String v = env.get(var);
            looked.add(var + (v == null || v.isBlank() ? " (unset)" : "=" + v));
            if (v != null) {
                for (String d : v.split(":")) {
                    if (!d.isBlank()) dirs.add(Path.of(d));
                }
            }
        }
        for (String var : List.of("CUDA_HOME", "CUDA_PATH")) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                looked.add(var + "=" + v);
                dirs.add(Path.of(v, "lib64"));
                dirs.add(Path.of(v, "lib"));
            }
        }
        List<Path> active = new ArrayList<>();
        for (String var : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) active.add(Path.of(v));
        }
        pythonWheels(active, dirs);  // an active Python environment is the user's choice: before the system's CUDA
        looked.add("/usr/local/cuda*/lib64");
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        dirs.addAll(glob(Path.of("/usr/local"), "cuda-*", "lib64"));
        List<Path> roots = new ArrayList<>(List.of(Path.of("/usr"), Path.of("/usr/local"), Path.of("/opt/conda"), home.resolve(".local")));
        roots.addAll(glob(Path.of("/opt"), "*"));
        roots.addAll(glob(Path.of("/opt"), "*", "venv"));
        looked.add("python3*/{site,dist}-packages/nvidia/*/lib under $VIRTUAL_ENV, $CONDA_PREFIX, /usr, /usr/local, /opt/*, ~/.local");
        pythonWheels(roots, dirs);
        List<String> system = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/lib/x86_64-linux-gnu", "/lib64", "/usr/lib/wsl/lib");
        looked.add(String.join(", ", system));
        system.forEach(s -> dirs.add(Path.of(s)));
        return List.copyOf(dirs);
    }

    /** The lib folders of pip's NVIDIA wheels in the Python environments under {@code roots}, into {@code dirs}. */
    private static void pythonWheels(List<Path> roots, Set<Path> dirs) {
        for (Path root : roots) {
            for (Path lib : List.of(root.resolve("lib"), root.resolve("lib64"))) {
                for (Path py : glob(lib, "python3*")) {
                    for (String packages : List.of("site-packages", "dist-packages")) {
                        Path nvidia = py.resolve(packages).resolve("nvidia");
                        // pip's CUDA 13 wheels put everything in nvidia/cu13/lib; the CUDA 12 ones one folder per library
                        dirs.addAll(glob(nvidia, "cu1*", "lib"));
                        dirs.addAll(glob(nvidia, "*", "lib"));
                    }
                }
            }
        }
    }

    /** The entries of {@code dir} whose names match {@code pattern}, each resolved against {@code then}, sorted. */
    private static List<Path> glob(Path dir, String pattern, String... then) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, pattern)) {
            for (Path p : s) {
                Path q = p;
                for (String t : then) q = q.resolve(t);
                out.add(q);
            }
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    /**
     * The file in {@code dir} named {@code prefix} or {@code prefix.N[.M...]} with the highest version
     * (the bare {@code .so} link last: it exists only with development packages, and names no version).
     */
    static Optional<Path> newest(Path dir, String prefix) {
        Path best = null;
        int[] bestVersion = null;
        for (Path p : glob(dir, prefix + "*")) {
            String name = p.getFileName().toString();
            String rest = name.substring(prefix.length());
            if (!rest.isEmpty() && !rest.matches("(\\.[0-9]+)+")) {
                continue;  // libcublasLt.so when asked for libcublas.so* does not start with "libcublas.so"
            }
            int[] v = rest.isEmpty() ? new int[0] : java.util.Arrays.stream(rest.substring(1).split("\\.")).mapToInt(Integer::parseInt).toArray();
            if (best == null || java.util.Arrays.compare(v, bestVersion) > 0) {
                best = p;
                bestVersion = v;
            }
        }
        return Optional.ofNullable(best);
    }
}
