package dev.nabla.onnx;

import dev.nabla.onnx.proto.AttributeProto;
import dev.nabla.onnx.proto.NodeProto;

/** A node's attributes by name, with the defaults the ONNX operator documents when one is absent. */
final class Attributes {
    private final NodeProto node;

    Attributes(NodeProto node) {
        this.node = node;
    }

    private AttributeProto find(String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    boolean has(String name) {
        return find(name) != null;
    }

    long integer(String name, long fallback) {
        AttributeProto a = find(name);
        return a == null ? fallback : a.getI();
    }

    double real(String name, double fallback) {
        AttributeProto a = find(name);
        return a == null ? fallback : a.getF();
    }

    String string(String name, String fallback) {
        AttributeProto a = find(name);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    /** A list of ints; {@code fallback} when absent (may be null). Sizes beyond int are refused. */
    int[] ints(String name, int[] fallback) throws OnnxFormatException {
        AttributeProto a = find(name);
        if (a == null) {
            return fallback;
        }
        int[] out = new int[a.getIntsCount()];
        for (int i = 0; i < out.length; i++) {
            long v = a.getInts(i);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new OnnxFormatException("node '" + node.getName() + "' (" + node.getOpType() + "): attribute " + name
                        + " holds " + v + ", out of range");
            }
            out[i] = (int) v;
        }
        return out;
    }

    AttributeProto tensor(String name) {
        AttributeProto a = find(name);
        return a != null && a.hasT() ? a : null;
    }
}
