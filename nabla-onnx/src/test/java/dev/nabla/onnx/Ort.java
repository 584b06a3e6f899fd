package dev.nabla.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nabla.onnx.proto.ModelProto;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime (the reference) on Nabla tensors; outputs come back as Nabla tensors. */
final class Ort {
    private Ort() {}

    static Map<String, Tensor> run(ModelProto model, Map<String, Tensor> inputs) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toByteArray(), options)) {
                Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                try {
                    for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                        feed.put(e.getKey(), toOrt(env, e.getValue()));
                    }
                    Map<String, Tensor> out = new LinkedHashMap<>();
                    try (OrtSession.Result result = session.run(feed)) {
                        for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                            out.put(e.getKey(), fromOrt((OnnxTensor) e.getValue()));
                        }
                    }
                    return out;
                } finally {
                    feed.values().forEach(OnnxTensor::close);
                }
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }

    static Tensor run(ModelProto model, Tensor input) {
        return run(model, Map.of(model.getGraph().getInput(0).getName(), input)).values().iterator().next();
    }

    private static OnnxTensor toOrt(OrtEnvironment env, Tensor t) throws OrtException {
        long[] shape = java.util.Arrays.stream(t.shape().dims()).asLongStream().toArray();
        return t.dtype() == DType.FLOAT64 ? OnnxTensor.createTensor(env, DoubleBuffer.wrap(t.toDoubleArray()), shape)
                : OnnxTensor.createTensor(env, FloatBuffer.wrap(t.toFloatArray()), shape);
    }

    private static Tensor fromOrt(OnnxTensor t) {
        int[] dims = java.util.Arrays.stream(t.getInfo().getShape()).mapToInt(Math::toIntExact).toArray();
        if (t.getInfo().type == ai.onnxruntime.OnnxJavaType.DOUBLE) {
            DoubleBuffer b = t.getDoubleBuffer();
            double[] v = new double[b.remaining()];
            b.get(v);
            return Tensor.of(v, dims);
        }
        FloatBuffer b = t.getFloatBuffer();
        float[] v = new float[b.remaining()];
        b.get(v);
        return Tensor.of(v, dims);
    }
}
