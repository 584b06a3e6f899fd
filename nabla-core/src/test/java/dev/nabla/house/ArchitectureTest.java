package dev.nabla.house;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * nabla-core's packages form layers, written down in docs/design.md ("Layers in nabla-core"): each uses
 * only the ones above it, except the upward uses that block lists as {@code a -> b}. This test holds every
 * reference to a {@code dev.nabla} package in main code (imports and qualified names; comments and strings
 * do not count) to that order, so the order in the document is the order of the code.
 */
class ArchitectureTest {
    private static final Path CORE = Repository.root().resolve("nabla-core/src/main/java/dev/nabla");

    @Test
    void everyReferenceGoesUpTheLayerOrderOfTheDesignNotes() {
        LayerOrder order = LayerOrder.fromDesignNotes(Repository.read(Repository.root().resolve("docs/design.md")));
        List<String> violations = new ArrayList<>();
        for (Path file : Repository.javaFiles(CORE)) {
            violations.addAll(order.violations(CORE, file));
        }
        assertTrue(violations.isEmpty(), "references against the layer order of docs/design.md ("
                + String.join(" > ", order.layers()) + "):\n" + String.join("\n", violations));
    }

    @Test
    void theDocumentedLayersAreExactlyThePackages() throws Exception {
        LayerOrder order = LayerOrder.fromDesignNotes(Repository.read(Repository.root().resolve("docs/design.md")));
        List<String> packages;
        try (var s = Files.list(CORE)) {
            packages = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(packages, order.layers().stream().sorted().toList(),
                "docs/design.md's layer order must name every package of nabla-core, and nothing else");
    }

    @Test
    void anUpwardReferenceIsFound() {
        LayerOrder order = LayerOrder.fromDesignNotes("""
                ## Layers in nabla-core
                ```
                kernel    loops
                tensor    tensors
                train     the fit loop
                tensor -> kernel
                ```
                """);
        String source = """
                package dev.nabla.kernel;
                // a comment naming dev.nabla.train does not count
                import dev.nabla.tensor.Tensor;
                /* nor does dev.nabla.train.Trainer here */
                class Plant { Object o = dev.nabla.train.Trainer.class; String s = "dev.nabla.train"; }
                """;
        List<String> found = order.violations("kernel", "kernel/Plant.java", source);
        assertEquals(2, found.size(), String.join("\n", found));
        assertTrue(found.get(0).startsWith("kernel/Plant.java:3: uses dev.nabla.tensor"), found.get(0));
        assertTrue(found.get(1).startsWith("kernel/Plant.java:5: uses dev.nabla.train"), found.get(1));
        assertTrue(order.violations("tensor", "tensor/T.java", "import dev.nabla.kernel.X;").isEmpty());
        assertFalse(order.violations("train", "train/T.java", "import dev.nabla.spec.X;").isEmpty(),
                "a package missing from the order is a violation too");
    }
}
