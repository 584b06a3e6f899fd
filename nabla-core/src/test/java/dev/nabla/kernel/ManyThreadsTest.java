package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The convolutions' passes on more threads than the test JVM's pool has (it is sized to this machine's cores,
 * two here, and {@link KernelTestSupport#withThreads} asks no more of it): a child JVM with a pool of five.
 */
class ManyThreadsTest {
    @Test
    void theConvolutionsGiveOneThreadsBitsOnFive() throws Exception {
        ChildJvm child = ChildJvm.run(List.of("--add-modules", "jdk.incubator.vector", "-Dnabla.threads=5"),
                ManyThreadsChild.class);
        assertEquals(0, child.exit(), child.describe());
        assertEquals("true", child.value("same"), child.describe());
    }
}
