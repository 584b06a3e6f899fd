package dev.nabla.house;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the checkout is, for the tests that read the project's own files. */
final class Repository {
    private Repository() {}

    /** The folder holding {@code mvnw}, found upwards from the working directory (a module's folder under Maven). */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("nabla-core"))) {
                return p;
            }
        }
        throw new IllegalStateException("no project root (a folder with mvnw and nabla-core) above " + Path.of("").toAbsolutePath());
    }

    /** Every {@code .java} file under {@code dir}, sorted. */
    static List<Path> javaFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The main sources of every module: {@code nabla-*}/src/main/java. */
    static List<Path> mainSourceRoots() {
        try (Stream<Path> s = Files.list(root())) {
            return s.filter(p -> p.getFileName().toString().startsWith("nabla-"))
                    .map(p -> p.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
