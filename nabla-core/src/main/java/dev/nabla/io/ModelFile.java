package dev.nabla.io;

import dev.nabla.nn.Graph;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Layers;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole model in one safetensors file, so one file is all a user ships and PyTorch can read its
 * weights: the tensors are {@link Layer#stateDict()} under their dotted names ({@code layers.0.weight}),
 * and {@code __metadata__} carries what rebuilds the model around them:
 *
 * <pre>
 * format          "nabla"
 * format_version  "1"
 * architecture    JSON of Layers.write(model), e.g. {"type":"Sequential","layers":[{"type":"Dense","units":16,...}]}
 * input_shape     JSON array of the per-sample input shape, e.g. [784]
 * dtype           "float32" or "float64"
 * seed            the build seed, for a Sequential (so a loaded model's dropout masks match the original's)
 * </pre>
 *
 * <pre>{@code
 * ModelFile.save(Path.of("mnist.safetensors"), model);      // atomic: the old file survives a failed save
 * Layer same = ModelFile.load(Path.of("mnist.safetensors")); // built, weights loaded, in training mode
 * }</pre>
 */
public final class ModelFile {
    /** The value of the {@code format} metadata key in every Nabla model file. */
    public static final String FORMAT = "nabla";
    /** The layout this code writes and reads; a change that old readers would misread bumps it. */
    public static final String FORMAT_VERSION = "1";

    private ModelFile() {}

    /**
     * Saves a built model atomically. Before writing, the architecture is read back through
     * {@link Layers}: a model that could not be loaded again (an unregistered layer type, a config
     * its factory refuses) is refused now, not discovered when the file is needed.
     */
    public static void save(Path file, Layer model) throws IOException {
        save(file, model, Map.of());
    }

    /**
     * Saves with extra metadata entries beside the model's own (e.g. fitted transforms, class names, the
     * experiment spec). Extra keys may not replace the reserved ones ({@code format}, {@code architecture}, ...).
     */
    public static void save(Path file, Layer model, Map<String, String> extra) throws IOException {
        if (!model.isBuilt()) {
            throw new IllegalArgumentException("ModelFile.save: the model is not built, so its input shape is unknown"
                    + " (build it, or run one forward pass, before saving)");
        }
        Map<String, Tensor> state = model.stateDict();
        String architecture = Json.write(Layers.write(model));
        checkReloadable(architecture);
        List<Integer> inputShape = new ArrayList<>();
        for (int d : model.inputShape().dims()) {
            inputShape.add(d);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("format_version", FORMAT_VERSION);
        metadata.put("architecture", architecture);
        metadata.put("input_shape", Json.write(inputShape));
        metadata.put("dtype", parameterDType(model).toString());
        if (model instanceof Sequential s) {
            metadata.put("seed", Long.toString(s.seed()));
        } else if (model instanceof Graph g) {
            metadata.put("seed", Long.toString(g.seed()));
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (metadata.containsKey(e.getKey())) {
                throw new IllegalArgumentException("ModelFile.save: metadata key '" + e.getKey()
                        + "' is reserved; reserved keys: " + metadata.keySet());
            }
            metadata.put(e.getKey(), java.util.Objects.requireNonNull(e.getValue(), e.getKey()));
        }
        SafeTensors.write(file, state, metadata);
    }

    /**
     * Loads a model: rebuilds the architecture for the saved input shape and dtype, then loads the weights
     * strictly (every parameter present, no extra tensor, shapes and dtypes equal). The model is assembled
     * privately and returned only once complete, so a failure never leaves a half-loaded model behind.
     * Like any freshly built layer it is in training mode; call {@code eval()} for inference.
     */
    public static Layer load(Path file) throws IOException {
        SafeTensors.Header header = SafeTensors.readHeader(file);
        Map<String, String> meta = header.metadata();
        checkFormat(file, meta);
        Layer model = architecture(file, meta);
        Shape inputShape = inputShape(file, meta);
        DType dtype = dtype(file, meta);
        Long seed = seed(file, meta);
        build(file, model, inputShape, dtype, seed, header);
        Map<String, Tensor> buffers = model.namedBuffers();
        for (SafeTensors.TensorInfo t : header.tensors()) {
            // parameters are the model's dtype; a buffer keeps its own (batch norm's int32 batch count)
            Tensor buffer = buffers.get(t.name());
            DType expected = buffer == null ? dtype : buffer.dtype();
            if (t.dtype() != expected) {
                throw new ModelFileException(file, "tensor '" + t.name() + "' is " + t.dtype()
                        + (buffer == null ? " but the model is " : " but the model's buffer is ") + expected);
            }
        }
        Map<String, Tensor> weights = SafeTensors.read(file).tensors();
        try {
            model.loadStateDict(weights, true);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "the weights do not match the architecture: " + e.getMessage(), e);
        }
        return model;
    }

    /**
     * The metadata of a Nabla model file (format, architecture JSON, input shape, dtype, seed), checked to
     * be one, without reading the weights: for tools that describe a file.
     */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        Map<String, String> meta = SafeTensors.readHeader(file).metadata();
        checkFormat(file, meta);
        return meta;
    }

    // ---------------------------------------------------------------- saving

    /** Reads the architecture back into (unbuilt) layers: unregistered types and unreadable keys fail here. */
    private static void checkReloadable(String architecture) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = (Map<String, Object>) Json.parse(architecture);
            Layers.read(parsed, "architecture");
        } catch (Json.JsonException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("ModelFile.save: the architecture would not load back: " + e.getMessage(), e);
        }
    }

    /** The one floating dtype of all parameters (float32 for a model without any). */
    private static DType parameterDType(Layer model) {
        DType dtype = null;
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            DType d = e.getValue().value().dtype();
            if (dtype != null && d != dtype) {
                throw new IllegalArgumentException("ModelFile.save: parameters mix dtypes (" + dtype + " and " + d
                        + " at '" + e.getKey() + "'); a model file holds one dtype");
            }
            dtype = d;
        }
        return dtype == null ? DType.FLOAT32 : dtype;
    }

    // ---------------------------------------------------------------- loading

    private static void checkFormat(Path file, Map<String, String> meta) throws ModelFileException {
        String format = meta.get("format");
        if (!FORMAT.equals(format)) {
            throw new ModelFileException(file, "a safetensors file, but not a Nabla model: __metadata__ \"format\" is "
                    + (format == null ? "missing" : "\"" + format + "\"") + ", expected \"" + FORMAT + "\""
                    + " (for plain weights use SafeTensors.read)");
        }
        String version = meta.get("format_version");
        if (!FORMAT_VERSION.equals(version)) {
            throw new ModelFileException(file, "Nabla model format_version is "
                    + (version == null ? "missing" : "\"" + version + "\"") + "; this version of Nabla reads \""
                    + FORMAT_VERSION + "\"");
        }
    }

    private static String required(Path file, Map<String, String> meta, String key) throws ModelFileException {
        String value = meta.get(key);
        if (value == null) {
            throw new ModelFileException(file, "the model metadata has no \"" + key + "\"");
        }
        return value;
    }

    private static Layer architecture(Path file, Map<String, String> meta) throws ModelFileException {
        String json = required(file, meta, "architecture");
        try {
            if (!(Json.parse(json) instanceof Map<?, ?> config)) {
                throw new ModelFileException(file, "architecture should be a JSON object, got " + json);
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> typed = (Map<String, ?>) config;
            return Layers.read(typed, "architecture");
        } catch (Json.JsonException e) {
            throw new ModelFileException(file, "architecture is not valid JSON: " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the reader's messages start with where they are: architecture.layers[0].units
            throw new ModelFileException(file, e.getMessage(), e);
        }
    }

    private static Shape inputShape(Path file, Map<String, String> meta) throws ModelFileException {
        String json = required(file, meta, "input_shape");
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (Json.JsonException e) {
            throw new ModelFileException(file, "input_shape is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof List<?> list)) {
            throw new ModelFileException(file, "input_shape should be a JSON array of sizes, got " + json);
        }
        int[] dims = new int[list.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
                throw new ModelFileException(file, "input_shape should hold sizes >= 0, got " + json);
            }
            dims[i] = (int) (long) l;
        }
        try {
            return Shape.of(dims);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "input_shape " + json + ": " + e.getMessage(), e);
        }
    }

    private static DType dtype(Path file, Map<String, String> meta) throws ModelFileException {
        String label = required(file, meta, "dtype");
        for (DType d : DType.values()) {
            if (d.isFloating() && d.toString().equals(label)) {
                return d;
            }
        }
        throw new ModelFileException(file, "dtype should be \"float32\" or \"float64\", got \"" + label + "\"");
    }

    private static Long seed(Path file, Map<String, String> meta) throws ModelFileException {
        String s = meta.get("seed");
        try {
            return s == null ? null : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ModelFileException(file, "seed should be a whole number, got \"" + s + "\"");
        }
    }

    /**
     * Builds with the saved seed (so dropout masks match), shape and dtype; build errors name the file.
     *
     * <p>Building allocates every parameter the architecture declares, before the weights are compared with
     * it: a few hundred bytes of metadata can declare {@code Dense(40000)} on a 40000-wide input. Until layers
     * can report their parameter shapes without allocating them, the allocation that does not fit is turned
     * into a refusal here. Catching the error is safe: it comes from a parameter array too large for the
     * heap, and everything built so far is private to this call and dropped with it.
     */
    private static void build(Path file, Layer model, Shape input, DType dtype, Long seed, SafeTensors.Header header)
            throws ModelFileException {
        try {
            if (model instanceof Sequential s && seed != null) {
                s.build(seed, dtype, input.dims());
            } else if (model instanceof Graph g) {
                // A graph's config holds every input's shape, so it builds from itself (also with several inputs).
                g.build(seed == null ? 0 : seed, dtype, Map.of());
            } else {
                model.build(input, new Generator(seed == null ? 0 : seed), dtype);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFileException(file, "the architecture does not build for input shape " + input + ": "
                    + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            long weightBytes = header.tensors().stream().mapToLong(SafeTensors.TensorInfo::byteCount).sum();
            throw new ModelFileException(file, "building the architecture for input shape " + input + " ran out of memory ("
                    + e.getMessage() + "); the weights in this file take " + weightBytes + " bytes", e);
        }
    }
}
