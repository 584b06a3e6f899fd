package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels stay whole once C2 compiles them with many ops in their profiles. When a loop called
 * a helper of its own with vectors as arguments (the elementwise ops shared one loop, the op switched
 * inside a helper), C2 stopped inlining the helper once a second op had run through it and boxed every
 * vector: each then cost an allocation, and the loop 8–20 times its time. Allocation is what this checks,
 * in a child JVM that compiles in the foreground ({@code -Xbatch}) on one kernel thread, so the check
 * depends neither on how fast the machine is nor on the pool's threads.
 */
class CompiledLoopsTest {

    @Test
    void compiledKernelsAllocateNothingPerVector() throws Exception {
        ChildJvm run = ChildJvm.run(List.of("-Xbatch", "-Dnabla.threads=1", "--add-modules", "jdk.incubator.vector",
                        "-D" + SubnormalCost.PROPERTY + "=on"),
                CompiledLoopsChild.class);
        assertEquals(0, run.exit(), run.describe());
        // A boxed vector is an object and its array, about 100 bytes per 16 floats or 8 doubles: 6 to 12
        // bytes an element. Whole loops allocate only per call (a reduction's lane array, a product's plan).
        assertBelow(run, "elementwise", 8);
        assertBelow(run, "optim", 8);
        assertBelow(run, "gemm", 1024); // 16 multiply-adds per vector; a call's plan is under 100 bytes
    }

    private static void assertBelow(ChildJvm run, String group, long perByte) {
        long bytes = Long.parseLong(run.value("bytes." + group));
        long elements = Long.parseLong(run.value("elements." + group));
        assertTrue(bytes < elements / perByte, () -> group + ": " + bytes + " bytes allocated over " + elements
                + " elements: a vector loop boxes its vectors\n" + run.describe());
    }
}
