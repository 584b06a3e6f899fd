package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.tensor.Backend;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;

/** The GPU for the tests, or a skip that says why there is none (never a pass). */
final class CudaAvailable {
    static final Device DEVICE = Device.of("cuda:0");
    private static String unavailable;
    private static boolean probed;

    private CudaAvailable() {}

    /** Aborts the calling test (reported as skipped, the reason printed) unless cuda:0 opens. */
    static synchronized void assume() {
        if (!probed) {
            probed = true;
            try {
                Backend.forDevice(DEVICE);
            } catch (CudaUnavailableException e) {
                unavailable = e.getMessage();
                System.err.println("CUDA tests skipped: " + unavailable);
            }
        }
        Assumptions.assumeTrue(unavailable == null, () -> "no usable GPU: " + unavailable);
    }

    static CudaBackend backend() {
        return (CudaBackend) Backend.forDevice(DEVICE);
    }

    /** Same dtype and shape, every element within {@code rtol}·|cpu| + {@code atol} (NaN where the CPU has NaN). */
    static void assertClose(Tensor cpu, Tensor gpu, double rtol, double atol, String where) {
        assertEquals(cpu.dtype(), gpu.dtype(), where);
        assertEquals(cpu.shape(), gpu.shape(), where);
        double[] c = cpu.toDoubleArray(), g = gpu.toDoubleArray();
        for (int i = 0; i < c.length; i++) {
            boolean ok = Double.isNaN(c[i]) ? Double.isNaN(g[i])
                    : c[i] == g[i] || Math.abs(c[i] - g[i]) <= rtol * Math.abs(c[i]) + atol;
            if (!ok) {
                fail(where + ": element " + i + " is " + g[i] + " on the GPU, " + c[i] + " on the CPU");
            }
        }
    }
}
