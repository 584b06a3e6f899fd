package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Library discovery, on fake trees: runs everywhere, GPU or not. */
class CudaLibrariesTest {

    private static Path touch(Path dir, String... names) throws IOException {
        Files.createDirectories(dir);
        for (String n : names) {
            Files.writeString(dir.resolve(n), "");
        }
        return dir;
    }

    @Test
    void pipsCudaWheelsInAVirtualEnvironmentAreFound(@TempDir Path tmp) throws IOException {
        Path lib = touch(tmp.resolve("venv/lib/python3.12/site-packages/nvidia/cu13/lib"), "libcudart.so.13", "libcublas.so.13",
                "libcublasLt.so.13", "libnvrtc.so.13", "libnvrtc-builtins.so.13.0");
        CudaLibraries found = CudaLibraries.find(Map.of("VIRTUAL_ENV", tmp.resolve("venv").toString()), tmp, p -> p.startsWith(tmp));
        assertEquals(lib.resolve("libcudart.so.13"), found.runtime());
        assertEquals(lib.resolve("libcublas.so.13"), found.blas(), "libcublasLt is not libcublas");
        assertEquals(lib.resolve("libcublasLt.so.13"), found.blasLt());
        assertEquals(lib.resolve("libnvrtc.so.13"), found.nvrtc());
        assertEquals(lib.resolve("libnvrtc-builtins.so.13.0"), found.builtins());
    }

    @Test
    void nablaCudaPathComesFirstAndTheNewestVersionWins(@TempDir Path tmp) throws IOException {
        Path mine = touch(tmp.resolve("mine"), "libcudart.so.12", "libcudart.so.12.8.1", "libcudart.so", "libcublas.so.12",
                "libnvrtc.so.12");
        touch(tmp.resolve("other"), "libcudart.so.13", "libcublas.so.13", "libnvrtc.so.13");
        CudaLibraries found = CudaLibraries.find(Map.of("NABLA_CUDA_PATH", mine.toString(),
                "LD_LIBRARY_PATH", tmp.resolve("other").toString()), tmp, p -> p.startsWith(tmp));
        assertEquals(mine.resolve("libcudart.so.12.8.1"), found.runtime());
        assertNull(found.blasLt());
        assertEquals(Path.of("libcuda.so.1"), found.driver(), "no driver file: left to the dynamic linker's cache");
    }

    @Test
    void missingLibrariesAreNamedWithWhereTheyWereLookedFor(@TempDir Path tmp) throws IOException {
        touch(tmp.resolve("only"), "libcudart.so.13");
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> CudaLibraries.find(
                Map.of("LD_LIBRARY_PATH", tmp.resolve("only").toString()), tmp, p -> p.startsWith(tmp)));
        String m = e.getMessage();
        assertTrue(m.startsWith("CUDA libraries not found: libcublas.so*, libnvrtc.so* (looked in "), m);
        assertTrue(m.contains("LD_LIBRARY_PATH=" + tmp.resolve("only")) && m.contains("NABLA_CUDA_PATH (unset)")
                && m.contains("packages/nvidia/*/lib") && m.contains("/usr/local/cuda") && m.contains("/usr/lib/x86_64-linux-gnu"), m);
        assertFalse(m.contains("\n"), "one line");
    }

    @Test
    void theKernelSourceShipsAsAResource() {
        String src = CudaKernels.source();
        assertTrue(src.contains("extern \"C\" __global__ void adam_f32"), "kernels.cu in the jar");
        assertEquals(64, CudaKernels.sha256(src).length());
    }
}
