package dev.nabla.onnx;

import com.google.protobuf.ByteString;
import dev.nabla.onnx.proto.TensorProto;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Nabla tensors to ONNX {@code TensorProto}s and back. Written as little-endian {@code raw_data} (what
 * PyTorch's exporter writes too); read from {@code raw_data} or the typed repeated fields. Every size is
 * checked against the data actually present before anything is allocated, so a file that declares 2^40
 * elements fails with a message, not an OutOfMemoryError.
 */
final class OnnxTensors {
    /** The most elements one tensor may have: what a Java array holds. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private OnnxTensors() {}

    static int elemType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> TensorProto.DataType.FLOAT_VALUE;
            case FLOAT64 -> TensorProto.DataType.DOUBLE_VALUE;
            default -> throw new IllegalArgumentException("ONNX export: tensors of " + dtype + " are not exported (float32 "
                    + "and float64 are)");
        };
    }

    /** {@code t} as an initializer called {@code name}, in its own dtype (float32 or float64). */
    static TensorProto write(String name, Tensor t) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(elemType(t.dtype()));
        for (int d : t.shape().dims()) {
            b.addDims(d);
        }
        ByteBuffer buf;
        if (t.dtype() == DType.FLOAT64) {
            double[] v = t.toDoubleArray();
            buf = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            buf.asDoubleBuffer().put(v);
        } else {
            float[] v = t.toFloatArray();
            buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(v);
        }
        return b.setRawData(ByteString.copyFrom(buf.array())).build();
    }

    /** A constant int64 vector (shapes, axes). */
    static TensorProto longs(String name, long... values) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).addAllInt64Data(java.util.Arrays.stream(values).boxed().toList()).build();
    }

    /** A scalar constant of the model's element type. */
    static TensorProto scalar(String name, int elemType, double value) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(elemType);
        return elemType == TensorProto.DataType.DOUBLE_VALUE ? b.addDoubleData(value).build() : b.addFloatData((float) value).build();
    }

    /** The element count {@code dims} declare; an error for a negative size or more than an array holds. */
    static long elementCount(TensorProto t, String where) throws OnnxFormatException {
        long n = 1;
        for (long d : t.getDimsList()) {
            if (d > MAX_ELEMENTS) {
                throw new OnnxFormatException(where + ": tensor '" + t.getName() + "' has a size " + d + " in its dims "
                        + t.getDimsList() + ", more than " + MAX_ELEMENTS + " (the most one tensor can hold)");
            }
            if (d < 0) {
                throw new OnnxFormatException(where + ": tensor '" + t.getName() + "' has a negative size " + d
                        + " in its dims " + t.getDimsList());
            }
            n = d == 0 || n == 0 ? 0 : (n > MAX_ELEMENTS / d ? MAX_ELEMENTS + 1 : n * d);
        }
        if (n > MAX_ELEMENTS) {
            throw new OnnxFormatException(where + ": tensor '" + t.getName() + "' declares dims " + t.getDimsList()
                    + ", more than " + MAX_ELEMENTS + " elements (the most one tensor can hold)");
        }
        return n;
    }

    /** The tensor's values as doubles, checked against its dims; floats, doubles and integers are read. */
    static double[] values(TensorProto t, String where) throws OnnxFormatException {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new OnnxFormatException(where + ": tensor '" + t.getName() + "' keeps its data in an external file; "
                    + "only models with their weights inside the .onnx file are read (save with external data off)");
        }
        int n = (int) elementCount(t, where);
        int type = t.getDataType();
        int width = switch (type) {
            case TensorProto.DataType.FLOAT_VALUE, TensorProto.DataType.INT32_VALUE -> 4;
            case TensorProto.DataType.DOUBLE_VALUE, TensorProto.DataType.INT64_VALUE -> 8;
            default -> throw new OnnxFormatException(where + ": tensor '" + t.getName() + "' has element type "
                    + typeName(type) + "; float, double, int32 and int64 tensors are read");
        };
        double[] out = new double[n];
        if (!t.getRawData().isEmpty()) {
            long have = t.getRawData().size();
            if (have != (long) n * width) {
                throw new OnnxFormatException(where + ": tensor '" + t.getName() + "' declares dims " + t.getDimsList()
                        + " (" + n + " elements, " + (long) n * width + " bytes) but holds " + have + " bytes of data");
            }
            ByteBuffer buf = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                out[i] = switch (type) {
                    case TensorProto.DataType.FLOAT_VALUE -> buf.getFloat();
                    case TensorProto.DataType.INT32_VALUE -> buf.getInt();
                    case TensorProto.DataType.DOUBLE_VALUE -> buf.getDouble();
                    default -> buf.getLong();
                };
            }
            return out;
        }
        int have = switch (type) {
            case TensorProto.DataType.FLOAT_VALUE -> t.getFloatDataCount();
            case TensorProto.DataType.INT32_VALUE -> t.getInt32DataCount();
            case TensorProto.DataType.DOUBLE_VALUE -> t.getDoubleDataCount();
            default -> t.getInt64DataCount();
        };
        if (have != n) {
            throw new OnnxFormatException(where + ": tensor '" + t.getName() + "' declares dims " + t.getDimsList() + " ("
                    + n + " elements) but holds " + have + " values");
        }
        for (int i = 0; i < n; i++) {
            out[i] = switch (type) {
                case TensorProto.DataType.FLOAT_VALUE -> t.getFloatData(i);
                case TensorProto.DataType.INT32_VALUE -> t.getInt32Data(i);
                case TensorProto.DataType.DOUBLE_VALUE -> t.getDoubleData(i);
                default -> t.getInt64Data(i);
            };
        }
        return out;
    }

    /** The tensor as a Nabla tensor of {@code dtype}, with its dims. */
    static Tensor read(TensorProto t, DType dtype, String where) throws OnnxFormatException {
        double[] v = values(t, where);
        int[] dims = t.getDimsList().stream().mapToInt(Long::intValue).toArray();
        return Tensor.of(dtype, v, dims);
    }

    static String typeName(int type) {
        TensorProto.DataType d = TensorProto.DataType.forNumber(type);
        return d == null ? "#" + type : d.name();
    }
}
