package dev.nabla.onnx;

import dev.nabla.onnx.GraphTranslator.Value;
import dev.nabla.onnx.proto.NodeProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact GELU as PyTorch's exporter (and ours) writes it before opset 20, five nodes:
 * Div(x, √2) → Erf → Add(·, 1) → Mul(x, ·) → Mul(·, 0.5). Each intermediate value must have that one reader.
 */
final class GeluPattern {
    private final GraphTranslator t;
    private final Map<String, NodeProto> readerOf = new HashMap<>();

    GeluPattern(GraphTranslator t, List<NodeProto> order) {
        this.t = t;
        for (NodeProto n : order) {
            n.getInputList().forEach(in -> readerOf.put(in, n));
        }
    }

    /** The four nodes after {@code div} when they form GELU with it, else null. */
    List<NodeProto> match(NodeProto div) throws OnnxFormatException {
        Value x = t.value(div.getInput(0));
        NodeProto erf = only(div, "Erf");
        NodeProto plus = erf == null ? null : only(erf, "Add");
        NodeProto times = plus == null ? null : only(plus, "Mul");
        NodeProto half = times == null ? null : only(times, "Mul");
        boolean ok = !x.isConstant() && half != null && isConstant(div, 1, Math.sqrt(2)) && otherConstant(plus, 1)
                && otherConstant(half, 0.5) && times.getInputList().contains(div.getInput(0));
        return ok ? List.of(erf, plus, times, half) : null;
    }

    /** The one node reading {@code n}'s output, if it is of {@code op} and the output is not returned. */
    private NodeProto only(NodeProto n, String op) {
        NodeProto r = readerOf.get(n.getOutput(0));
        return r != null && r.getOpType().equals(op) && t.readers(n.getOutput(0)) == 1 && !t.isOutput(n.getOutput(0)) ? r : null;
    }

    private boolean isConstant(NodeProto n, int i, double want) throws OnnxFormatException {
        Value v = i < n.getInputCount() ? t.value(n.getInput(i)) : null;
        if (v == null || !v.isConstant()) {
            return false;
        }
        double[] d = OnnxTensors.values(v.constant(), t.where);
        return d.length == 1 && Math.abs(d[0] - want) < 1e-6 * Math.max(1, Math.abs(want));
    }

    private boolean otherConstant(NodeProto n, double want) throws OnnxFormatException {
        return isConstant(n, 0, want) || isConstant(n, 1, want);
    }
}
