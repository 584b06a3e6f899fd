package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Reads an {@link Optimizer#stateDict()} back, checking all of it before the optimizer changes. */
final class StateDicts {
    private StateDicts() {}

    /** A checked state dict: the global counters and each parameter's state (null where it had none). */
    record Loaded(long steps, double lrScale, List<Optimizer.State> states) {}

    static Loaded read(Optimizer opt, Map<String, Tensor> dict) {
        String name = opt.getClass().getSimpleName();
        List<String> problems = new ArrayList<>();
        TreeSet<String> unexpected = new TreeSet<>(dict.keySet());
        long steps = count(dict, "step", problems);
        double lrScale = scalar(dict, "lr_scale", problems);
        if (!(lrScale > 0 && Double.isFinite(lrScale))) {
            problems.add("'lr_scale' must be > 0 and finite, got " + lrScale);
        }
        unexpected.remove("step");
        unexpected.remove("lr_scale");
        List<Optimizer.State> states = new ArrayList<>();
        for (int i = 0; i < opt.parameters().size(); i++) {
            String prefix = i + ".";
            boolean present = dict.keySet().stream().anyMatch(k -> k.startsWith(prefix));
            states.add(present ? readState(opt, i, dict, problems, unexpected) : null);
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected keys " + unexpected);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict into " + name + ": " + String.join("; ", problems));
        }
        return new Loaded(steps, lrScale, states);
    }

    private static Optimizer.State readState(Optimizer opt, int i, Map<String, Tensor> dict,
                                             List<String> problems, TreeSet<String> unexpected) {
        Optimizer.State s = opt.freshState(i);
        s.step = count(dict, i + ".step", problems);
        unexpected.remove(i + ".step");
        for (Map.Entry<String, Tensor> e : s.buffers().entrySet()) {
            String key = i + "." + e.getKey();
            Tensor t = dict.get(key);
            unexpected.remove(key);
            if (t == null) {
                problems.add("missing key '" + key + "'");
            } else if (!t.shape().equals(e.getValue().shape())) {
                problems.add("'" + key + "' has shape " + t.shape() + " but parameter " + i + " has "
                        + e.getValue().shape());
            } else {
                e.getValue().copyFrom(t);
            }
        }
        return s;
    }

    private static long count(Map<String, Tensor> dict, String key, List<String> problems) {
        double v = scalar(dict, key, problems);
        if (!(v >= 0 && v == Math.rint(v))) {
            problems.add("'" + key + "' must be a whole number >= 0, got " + v);
            return 0;
        }
        return (long) v;
    }

    private static double scalar(Map<String, Tensor> dict, String key, List<String> problems) {
        Tensor t = dict.get(key);
        if (t == null) {
            problems.add("missing key '" + key + "'");
            return 1;
        }
        if (t.size() != 1) {
            problems.add("'" + key + "' must hold one value, got shape " + t.shape());
            return 1;
        }
        return t.item();
    }
}
