package dev.nabla.train;

import dev.nabla.io.Json;
import dev.nabla.io.SafeTensors;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a fit needs to continue exactly where it was: the position (epoch and batches done in it),
 * the shuffling generator's state at the start of that epoch, every other generator the model draws from
 * (dropout), the weights, the optimizer's state (moments, step count, learning-rate scale), each
 * callback's state, the history, and the running sums of the epoch in progress.
 *
 * <p>Stored as one safetensors file: the tensors, and the rest as JSON in the metadata, with a SHA-256
 * over both so that a damaged file is recognised as such, not half-trusted. Doubles and generator states
 * are stored as their bits (JSON numbers are exact for longs), so a resumed run is bit-identical.
 */
public record Checkpoint(int epoch, int batch, long[] orderRng, Map<String, long[]> modelRngs,
                         Map<String, Tensor> model, Map<String, Tensor> optimizer, List<CallbackState> callbacks,
                         Map<String, List<Double>> history, int historyEpochs, double[] running) {

    private static final String META = "nabla.checkpoint";
    private static final String CHECKSUM = "nabla.checksum";

    /** Writes atomically (temp file, fsync, rename), without naming a run (see {@link #write(Path, RunIdentity)}). */
    public void write(Path file) throws IOException {
        write(file, null);
    }

    /**
     * Writes atomically (temp file, fsync, rename), recording the run it belongs to (null: none) in the
     * checksummed state, where {@link #readRun} finds it from the header alone.
     */
    public void write(Path file, RunIdentity run) throws IOException {
        Map<String, Tensor> tensors = new TreeMap<>();
        model.forEach((k, t) -> tensors.put("model/" + k, t));
        optimizer.forEach((k, t) -> tensors.put("optimizer/" + k, t));
        List<Object> cbValues = new ArrayList<>();
        for (int i = 0; i < callbacks.size(); i++) {
            CallbackState s = callbacks.get(i);
            cbValues.add(s == null ? null : s.values());
            if (s != null) {
                int index = i;
                s.tensors().forEach((k, t) -> tensors.put("callback" + index + "/" + k, t));
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", "nabla-checkpoint");
        meta.put("version", 1L);
        meta.put("epoch", (long) epoch);
        meta.put("batch", (long) batch);
        meta.put("order_rng", longs(orderRng));
        Map<String, Object> rngs = new LinkedHashMap<>();
        modelRngs.forEach((k, v) -> rngs.put(k, longs(v)));
        meta.put("model_rngs", rngs);
        meta.put("callbacks", cbValues);
        Map<String, Object> hist = new LinkedHashMap<>();
        history.forEach((k, v) -> hist.put(k, v.stream().map(d -> Double.doubleToRawLongBits(d)).toList()));
        meta.put("history", hist);
        meta.put("history_epochs", (long) historyEpochs);
        meta.put("running", java.util.Arrays.stream(running).mapToObj(Double::doubleToRawLongBits).toList());
        if (run != null) {
            meta.put("run", run.toJson()); // an older reader ignores it: the format stays version 1
        }
        String json = Json.write(meta);
        SafeTensors.write(file, tensors, Map.of(META, json, CHECKSUM, checksum(json, tensors)));
    }

    /** Reads and verifies a checkpoint; a damaged or foreign file is an IOException that says why. */
    public static Checkpoint read(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        String json = c.metadata().get(META);
        if (json == null || !c.metadata().containsKey(CHECKSUM)) {
            throw new IOException(file + ": not a Nabla checkpoint (no " + META + " metadata)");
        }
        Map<String, Tensor> tensors = new TreeMap<>(c.tensors());
        if (!checksum(json, tensors).equals(c.metadata().get(CHECKSUM))) {
            throw new IOException(file + ": checksum mismatch, the checkpoint is damaged");
        }
        try {
            return fromJson(json, tensors);
        } catch (Json.JsonException | RuntimeException e) {
            throw new IOException(file + ": unreadable checkpoint state: " + e.getMessage(), e);
        }
    }

    /**
     * The run a checkpoint file belongs to, from its header only (no tensor is read, nothing is verified
     * beyond the header), or null for a checkpoint that records none (an older Nabla's).
     *
     * @throws IOException for a file that is not a readable checkpoint
     */
    @SuppressWarnings("unchecked")
    public static RunIdentity readRun(Path file) throws IOException {
        String json = SafeTensors.readHeader(file).metadata().get(META);
        if (json == null) {
            throw new IOException(file + ": not a Nabla checkpoint (no " + META + " metadata)");
        }
        try {
            Object run = ((Map<String, Object>) Json.parse(json)).get("run");
            return run == null ? null : RunIdentity.fromJson(run);
        } catch (Json.JsonException | RuntimeException e) {
            throw new IOException(file + ": unreadable checkpoint state: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Checkpoint fromJson(String json, Map<String, Tensor> tensors) throws Json.JsonException {
        Map<String, Object> meta = (Map<String, Object>) Json.parse(json);
        if (!"nabla-checkpoint".equals(meta.get("format")) || !Long.valueOf(1).equals(meta.get("version"))) {
            throw new IllegalArgumentException("unknown checkpoint format " + meta.get("format") + " " + meta.get("version"));
        }
        Map<String, long[]> rngs = new LinkedHashMap<>();
        ((Map<String, Object>) meta.get("model_rngs")).forEach((k, v) -> rngs.put(k, toLongs(v)));
        List<CallbackState> cbs = new ArrayList<>();
        List<Object> cbValues = (List<Object>) meta.get("callbacks");
        for (int i = 0; i < cbValues.size(); i++) {
            Object v = cbValues.get(i);
            cbs.add(v == null ? null : new CallbackState((Map<String, Object>) v, prefixed(tensors, "callback" + i + "/")));
        }
        Map<String, List<Double>> hist = new LinkedHashMap<>();
        ((Map<String, Object>) meta.get("history")).forEach((k, v) -> hist.put(k,
                ((List<Object>) v).stream().map(b -> Double.longBitsToDouble(((Number) b).longValue())).toList()));
        double[] running = ((List<Object>) meta.get("running")).stream()
                .mapToDouble(b -> Double.longBitsToDouble(((Number) b).longValue())).toArray();
        return new Checkpoint(((Number) meta.get("epoch")).intValue(), ((Number) meta.get("batch")).intValue(),
                toLongs(meta.get("order_rng")), rngs, prefixed(tensors, "model/"), prefixed(tensors, "optimizer/"), cbs,
                hist, ((Number) meta.get("history_epochs")).intValue(), running);
    }

    private static Map<String, Tensor> prefixed(Map<String, Tensor> all, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        all.forEach((k, t) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), t);
            }
        });
        return out;
    }

    private static List<Long> longs(long[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    @SuppressWarnings("unchecked")
    private static long[] toLongs(Object v) {
        return ((List<Object>) v).stream().mapToLong(x -> ((Number) x).longValue()).toArray();
    }

    /** SHA-256 over the state JSON and every tensor's name, dtype, shape and bytes, in name order. */
    private static String checksum(String json, Map<String, Tensor> sorted) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(json.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
                Tensor t = e.getValue();
                md.update((e.getKey() + "|" + t.dtype() + "|" + t.shape()).getBytes(StandardCharsets.UTF_8));
                md.update(bytes(t));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The tensor's bytes, little-endian; a tensor on another device is read through one host copy. */
    private static ByteBuffer bytes(Tensor tensor) {
        Tensor t = LayoutMath.toDevice(tensor, Device.CPU); // itself on the CPU
        ByteBuffer b = ByteBuffer.allocate(t.size() * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.data()) {
            case float[] f -> b.asFloatBuffer().put(f);
            case double[] d -> b.asDoubleBuffer().put(d);
            case int[] i -> b.asIntBuffer().put(i);
            default -> throw new IllegalStateException("unknown tensor data " + t.data().getClass());
        }
        return b;
    }
}
