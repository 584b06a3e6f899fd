package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The elementwise ops' and reductions' vector loops stay whole once C2 compiles them with many ops in
 * their profiles. When a loop called a helper of its own with vectors as arguments (one loop shared by
 * every op, a switch inside), C2 stopped inlining the helper once a second op had run through it and
 * boxed every vector: each then cost an allocation, and the loop 2.5–18 times its time. Allocation is what
 * this checks, in a child JVM that compiles in the foreground ({@code -Xbatch}), so the check does not
 * depend on how fast the machine is.
 */
class CompiledLoopsTest {

    @Test
    void compiledLoopsAllocateNothingPerVectorWhateverOpsShareThem() throws Exception {
        ChildJvm run = ChildJvm.run(List.of("-Xbatch", "--add-modules", "jdk.incubator.vector"),
                CompiledLoopsChild.class);
        assertEquals(0, run.exit(), run.describe());
        long bytes = Long.parseLong(run.value("bytes"));
        long elements = Long.parseLong(run.value("elements"));
        // A boxed vector is an object and its array, about 100 bytes per 16 floats or 8 doubles: 6 to 12
        // bytes an element. Whole loops allocate only the reductions' lane arrays, a few bytes per call.
        assertTrue(bytes < elements / 8, () -> bytes + " bytes allocated over " + elements
                + " elements: a vector loop boxes its vectors\n" + run.describe());
    }
}
