package dev.nabla.spec;

import dev.nabla.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes a spec's run that run, as the settings of its {@link dev.nabla.train.RunIdentity}: the seed,
 * each section of the spec that shapes the weights (as compact JSON, so that a reformatted spec is the
 * same run), the training settings the command line may override, and a fingerprint of the data the fit
 * sees. Left out: the name, description and output folder (they do not change the weights) and the epochs
 * (the fit adds them: more epochs on resume are allowed).
 */
final class RunSettings {
    /** The sections compared as written; the data section includes the transforms, the fingerprint the values. */
    private static final List<String> SECTIONS = List.of("data", "model", "loss", "optimizer", "schedule", "callbacks",
            "penalties", "metrics");
    /** The fingerprint's length in hex digits: 64 bits tell data sets apart, and stay readable in a message. */
    private static final int FINGERPRINT_HEX = 16;

    private RunSettings() {}

    @SuppressWarnings("unchecked")
    static Map<String, String> of(ExperimentSpec spec, PreparedData data) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("$.seed", Long.toString(spec.seed())); // the spec's, or --seed
        Map<String, Object> root = (Map<String, Object>) SpecJson.parse(spec.text());
        for (String section : SECTIONS) {
            if (root.containsKey(section)) {
                m.put("$." + section, SpecJson.write(root.get(section)));
            }
        }
        m.put("$.training.batch_size", Integer.toString(spec.training().batchSize()));
        m.put("$.training.shuffle", Boolean.toString(spec.training().shuffle())); // the spec's, or --no-shuffle
        m.put("training data", "sha256:" + fingerprint(data.trainX(), data.trainY(), data.valX(), data.valY()));
        return m;
    }

    /**
     * SHA-256 over each tensor's dtype, shape and values (absent ones marked), as the fit sees them: after
     * the split and the transforms, so a changed file, seed or transform all show.
     */
    static String fingerprint(Tensor... tensors) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        for (Tensor t : tensors) {
            md.update((t == null ? "none;" : t.dtype() + " " + t.shape() + ";").getBytes(StandardCharsets.UTF_8));
            if (t != null) {
                update(md, t);
            }
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, FINGERPRINT_HEX);
    }

    /** The values, little-endian, through a small buffer: one host copy of the tensor, none of its bytes. */
    private static void update(MessageDigest md, Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case FLOAT64 -> {
                double[] d = t.toDoubleArray();
                for (int i = 0, n; i < d.length; i += n) {
                    n = Math.min(d.length - i, b.capacity() / Double.BYTES);
                    b.clear();
                    b.asDoubleBuffer().put(d, i, n);
                    md.update(b.limit(n * Double.BYTES));
                }
            }
            case INT32 -> {
                int[] v = t.toIntArray();
                for (int i = 0, n; i < v.length; i += n) {
                    n = Math.min(v.length - i, b.capacity() / Integer.BYTES);
                    b.clear();
                    b.asIntBuffer().put(v, i, n);
                    md.update(b.limit(n * Integer.BYTES));
                }
            }
            default -> {
                float[] f = t.toFloatArray();
                for (int i = 0, n; i < f.length; i += n) {
                    n = Math.min(f.length - i, b.capacity() / Float.BYTES);
                    b.clear();
                    b.asFloatBuffer().put(f, i, n);
                    md.update(b.limit(n * Float.BYTES));
                }
            }
        }
    }
}
