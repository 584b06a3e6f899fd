package dev.nabla.spark;

import dev.nabla.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoints of a Spark run in a directory of any Hadoop file system (file:, hdfs:, s3a:), in core's
 * format ({@link Checkpoint}: one safetensors file, checksummed). Core writes to a local file; this copies
 * it up as {@code step-N.nabla-ckpt.tmp} and renames it, so a reader never sees half a file. The two
 * newest are kept.
 */
final class CheckpointStore {
    private static final String SUFFIX = ".nabla-ckpt";
    private final Path dir;
    private final FileSystem fs;

    CheckpointStore(String uri) throws IOException {
        this.dir = new Path(uri);
        this.fs = dir.getFileSystem(new Configuration());
    }

    /**
     * Marks the folder as this run's (a SHA-256 of {@code key} in {@code run.sha256}), or refuses a folder
     * that holds another run's checkpoints: resuming those would silently mix two runs.
     */
    void claim(String key) throws IOException {
        String hash = sha256(key);
        Path mark = new Path(dir, "run.sha256");
        if (fs.exists(mark)) {
            String found;
            try (var in = fs.open(mark)) {
                found = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            }
            if (!found.equals(hash)) {
                throw new SparkTrainingException("spark: the checkpoint folder " + dir + " holds the checkpoints of another "
                        + "run (its spec, options or data differ from this one's); give a new folder, or delete it to start over");
            }
            return;
        }
        fs.mkdirs(dir);
        try (var out = fs.create(mark, true)) {
            out.write(hash.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static String sha256(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The newest checkpoint, or null when the directory has none (or does not exist yet). */
    Checkpoint latest() throws IOException {
        if (!fs.exists(dir)) {
            return null;
        }
        FileStatus[] files = fs.listStatus(dir, p -> p.getName().startsWith("step-") && p.getName().endsWith(SUFFIX));
        if (files.length == 0) {
            return null;
        }
        Arrays.sort(files, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        Path newest = files[files.length - 1].getPath();
        java.nio.file.Path local = Files.createTempFile("nabla-ckpt", SUFFIX);
        try {
            fs.copyToLocalFile(false, newest, new Path(local.toUri()), true);
            return Checkpoint.read(local);
        } catch (IOException e) {
            throw new IOException("spark: cannot read checkpoint " + newest + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    void save(Checkpoint c, long step) throws IOException {
        java.nio.file.Path local = Files.createTempFile("nabla-ckpt", SUFFIX);
        try {
            c.write(local);
            String name = String.format("step-%012d%s", step, SUFFIX);
            Path tmp = new Path(dir, name + ".tmp");
            fs.mkdirs(dir);
            fs.copyFromLocalFile(false, true, new Path(local.toUri()), tmp);
            Path target = new Path(dir, name);
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("spark: could not rename " + tmp + " to " + target);
            }
            prune();
        } finally {
            Files.deleteIfExists(local);
        }
    }

    private void prune() throws IOException {
        FileStatus[] files = fs.listStatus(dir, p -> p.getName().startsWith("step-") && p.getName().endsWith(SUFFIX));
        Arrays.sort(files, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        for (int i = 0; i < files.length - 2; i++) {
            fs.delete(files[i].getPath(), false);
        }
    }
}
