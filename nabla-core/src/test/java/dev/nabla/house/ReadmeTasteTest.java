package dev.nabla.house;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "A taste" is code a reader copies: every {@code java} block there is a whole source file
 * (a compact one, {@code void main()}), and this compiles each as it stands against nabla-core and runs it
 * in a JVM started the way a user would, with no Nabla-specific flags. A block that stops compiling (an
 * API renamed, an import missing) or stops running fails here.
 */
class ReadmeTasteTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    /** The {@code java} blocks of the README section that starts with {@code heading}. */
    static List<String> javaBlocks(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "README.md has no section '" + heading + "'");
        int end = markdown.indexOf("\n## ", start + heading.length() + 1);
        Matcher m = JAVA_BLOCK.matcher(markdown.substring(start, end < 0 ? markdown.length() : end));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void everyJavaBlockOfTheTasteCompilesAndRunsAsGiven(@TempDir Path dir) throws Exception {
        List<String> blocks = javaBlocks(Repository.read(Repository.root().resolve("README.md")), "## A taste");
        assertTrue(blocks.size() >= 3, "expected the taste's three programs, found " + blocks.size());
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Path file = dir.resolve("src/Taste" + (i + 1) + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, blocks.get(i));
            sources.add(file);
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));
        compile(sources, classes);
        for (int i = 0; i < blocks.size(); i++) {
            String out = run(dir, classes, "Taste" + (i + 1));
            assertTrue(!out.isBlank(), "Taste" + (i + 1) + " printed nothing");
        }
    }

    @Test
    void theBlocksOfASectionAreFound() {
        String md = "# T\n## A taste\ntext\n```java\nvoid main() {}\n```\n```sh\nls\n```\n```java\nint x;\n```\n## Next\n```java\nno\n```\n";
        assertEquals(List.of("void main() {}\n", "int x;\n"), javaBlocks(md, "## A taste"));
    }

    private static void compile(List<Path> sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter log = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            List<String> options = List.of("--release", "25", "-proc:none", "-d", classes.toString(),
                    "-classpath", System.getProperty("java.class.path"));
            boolean ok = javac.getTask(log, files, null, options, null, units).call();
            assertTrue(ok, "the README's taste does not compile as given:\n" + log);
        }
    }

    /** Runs {@code main} as a user would: {@code java -cp ... Main}, in a fresh folder; returns its stdout. */
    private static String run(Path dir, Path classes, String main) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = new ProcessBuilder(java, "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), main)
                .directory(Files.createDirectories(dir.resolve("run-" + main)).toFile()).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), main + " did not finish");
        assertEquals(0, p.exitValue(), main + " failed:\nstdout:\n" + out + "\nstderr:\n" + err.get());
        return out;
    }
}
