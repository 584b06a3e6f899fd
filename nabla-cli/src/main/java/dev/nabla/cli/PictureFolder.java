package dev.nabla.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the picture commands ({@code diagnose}, {@code paths}, {@code lr-find}) write: a folder of files with
 * fixed names, checked before any work is done as {@code eval}'s and {@code predict}'s outputs are: files
 * already there are replaced only with {@code --force}, so a second run never overwrites the first's
 * pictures unasked, and a folder that cannot be made fails before the training is spent.
 */
final class PictureFolder {
    private PictureFolder() {}

    /** Creates {@code dir}; refuses it when one of {@code names} is there already and {@code force} is off. */
    static Path prepare(Path dir, List<String> names, boolean force) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file; give a folder");
        }
        List<String> there = new ArrayList<>();
        for (String n : names) {
            if (Files.exists(dir.resolve(n))) {
                there.add(n);
            }
        }
        if (!there.isEmpty() && !force) {
            throw new IllegalArgumentException("--out " + dir + " already holds " + String.join(", ", there)
                    + "; pass --force to replace them, or give another --out");
        }
        Files.createDirectories(dir);
        return dir;
    }
}
