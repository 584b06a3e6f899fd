package dev.nabla.onnx;

import dev.nabla.nn.Layer;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PyTorch state dicts (as safetensors) into a Nabla model and back. The name mapping:
 *
 * <ul>
 *   <li><b>Names</b>: a Nabla model's state-dict names are PyTorch's with the container's prefix: a
 *       {@code Sequential}'s {@code layers.2.weight} is an {@code nn.Sequential}'s {@code 2.weight}, a
 *       {@code Graph} node's {@code nodes.fc1.bias} a module attribute's {@code fc1.bias}. The leaf names and
 *       layouts are PyTorch's: {@code weight} [out, in] (Dense, Linear), [out, in/groups, kh, kw] (Conv),
 *       {@code bias}, and BatchNorm's {@code running_mean}, {@code running_var}, {@code num_batches_tracked}.
 *       When every tensor is found under its mapped name, that is the mapping.</li>
 *   <li><b>Order</b>, otherwise: the i-th Nabla layer with weights takes the i-th PyTorch module with weights,
 *       modules ordered by their index ({@code 0, 2, 4, 10}: numbers compare as numbers). So a Nabla
 *       {@code Sequential} that fuses an activation into its Dense still loads an {@code nn.Sequential} that has
 *       the ReLU as a module of its own. Leaf names and shapes must agree.</li>
 *   <li>{@code num_batches_tracked} is optional both ways (PyTorch writes it as int64, read into int32);
 *       without it the model keeps its own count.</li>
 * </ul>
 * Everything is checked before the model is touched: a failure leaves it as it was.
 */
public final class TorchWeights {
    private static final String COUNTER = "num_batches_tracked";

    private TorchWeights() {}

    /** Loads a PyTorch state dict into a built {@code model}; returns the mapping used (Nabla name → PyTorch name). */
    public static Map<String, String> load(Layer model, Map<String, Tensor> torch) {
        Map<String, Tensor> own = model.stateDict();
        Map<String, String> byName = new LinkedHashMap<>();
        for (String n : own.keySet()) {
            String t = torchName(n);
            if (torch.containsKey(t)) {
                byName.put(n, t);
            }
        }
        boolean everyOwn = own.keySet().stream().allMatch(n -> byName.containsKey(n) || n.endsWith(COUNTER));
        boolean everyTheirs = torch.keySet().stream().allMatch(t -> byName.containsValue(t) || t.endsWith(COUNTER));
        Map<String, String> mapping = everyOwn && everyTheirs ? byName : byOrder(own, torch);
        Map<String, Tensor> state = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        mapping.forEach((n, t) -> {
            Tensor value = torch.get(t);
            if (!value.shape().equals(own.get(n).shape())) {
                problems.add("'" + t + "' has shape " + value.shape() + ", the model's '" + n + "' " + own.get(n).shape());
            } else {
                state.put(n, value.dtype() == own.get(n).dtype() ? value : value.to(own.get(n).dtype()));
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("PyTorch weights: " + String.join("; ", problems));
        }
        model.loadStateDict(state, false);
        return mapping;
    }

    /** The model's state dict under PyTorch's names (container prefixes dropped). */
    public static Map<String, Tensor> toTorch(Layer model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        model.stateDict().forEach((n, t) -> out.put(torchName(n), t));
        return out;
    }

    /** {@code layers.2.weight} → {@code 2.weight}, {@code nodes.fc1.bias} → {@code fc1.bias}, at every depth. */
    static String torchName(String nabla) {
        return ("." + nabla).replace(".layers.", ".").replace(".nodes.", ".").substring(1);
    }

    private static Map<String, String> byOrder(Map<String, Tensor> own, Map<String, Tensor> torch) {
        Map<String, List<String>> mine = modules(List.copyOf(own.keySet()), false);
        Map<String, List<String>> theirs = modules(List.copyOf(torch.keySet()), true);
        List<String> a = new ArrayList<>(mine.keySet()), b = new ArrayList<>(theirs.keySet());
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("PyTorch weights: the file has " + b.size() + " modules with weights " + b
                    + ", the model " + a.size() + " layers with weights " + a.stream().map(TorchWeights::torchName).toList()
                    + "; names did not match either (" + torchName(a.isEmpty() ? "" : a.get(0)) + ".*)");
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        for (int i = 0; i < a.size(); i++) {
            for (String leaf : theirs.get(b.get(i))) {
                if (!leaf.equals(COUNTER) && !mine.get(a.get(i)).contains(leaf)) {
                    throw new IllegalArgumentException("PyTorch weights: module '" + b.get(i) + "' has '" + leaf + "', the "
                            + "matching layer '" + a.get(i) + "' has " + mine.get(a.get(i)));
                }
            }
            for (String leaf : mine.get(a.get(i))) {
                String t = b.get(i).isEmpty() ? leaf : b.get(i) + "." + leaf;
                if (torch.containsKey(t)) {
                    mapping.put(a.get(i).isEmpty() ? leaf : a.get(i) + "." + leaf, t);
                } else if (!leaf.equals(COUNTER)) {
                    throw new IllegalArgumentException("PyTorch weights: layer '" + a.get(i) + "' has '" + leaf + "', the "
                            + "matching module '" + b.get(i) + "' has " + theirs.get(b.get(i)));
                }
            }
        }
        return mapping;
    }

    /** Tensor names grouped by module (all but the last segment): in first-seen order, or sorted naturally. */
    private static Map<String, List<String>> modules(List<String> names, boolean sortNaturally) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (String n : names) {
            int dot = n.lastIndexOf('.');
            grouped.computeIfAbsent(dot < 0 ? "" : n.substring(0, dot), k -> new ArrayList<>()).add(n.substring(dot + 1));
        }
        if (!sortNaturally) {
            return grouped;
        }
        Map<String, List<String>> sorted = new TreeMap<>(TorchWeights::natural);
        sorted.putAll(grouped);
        return sorted;
    }

    /** Dotted names compared segment by segment, numbers as numbers: 2 before 10. */
    static int natural(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+") ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
