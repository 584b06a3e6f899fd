package dev.nabla.autograd;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reverse-mode differentiation: a topological order of the recorded graph, then a reverse loop. */
public final class Engine {
    private Engine() {}

    /**
     * Backpropagates from {@code root}. {@code gradient} defaults to 1 for a one-element root; without
     * {@code retainGraph} the graph's saved values are freed as it goes.
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward(): the tensor " + root.shape() + " does not require grad "
                    + "and has no grad_fn (no input had requiresGrad(true), or it was computed under NoGrad)");
        }
        if (gradient == null) {
            if (root.size() != 1) {
                throw new IllegalArgumentException("backward(): the output has shape " + root.shape()
                        + "; a gradient can be implied only for a one-element output. Pass one: backward(gradient)");
            }
            gradient = Tensor.onesLike(root);
        } else if (!gradient.shape().equals(root.shape())) {
            throw new IllegalArgumentException("backward(): gradient shape " + gradient.shape()
                    + " does not match the output shape " + root.shape());
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        Set<Tensor> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
        grads.put(root, gradient);
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null) {
                    continue;
                }
                GradientSlot.of(t).runHooks(g); // t requires grad, so it has a slot: one field read when no hook
                Node node = t.gradFn();
                boolean owned = fresh.remove(g);
                if (node == null && owned && t.grad() == null) {
                    // A leaf's first gradient that no one else holds becomes its .grad as is: no copy.
                    GradientSlot.of(t).adopt(g);
                } else if (t.retainsGrad()) {
                    GradientSlot.of(t).accumulate(g);
                }
                if (node == null) {
                    continue;
                }
                propagate(node, g, grads, fresh);
                if (!retainGraph) {
                    node.release();
                }
            }
        }
    }

    /**
     * Runs one node's backward and adds its gradients into {@code grads}. Records in {@code fresh} the
     * gradients known to have storage nothing else references: those of {@link FreshGradients} ops, and
     * sums made here. Anything else (the incoming gradient passed on, a view of it, the user's root
     * gradient) stays out and is copied before it becomes a leaf's {@code .grad}.
     */
    private static void propagate(Node node, Tensor g, Map<Tensor, Tensor> grads, Set<Tensor> fresh) {
        Tensor[] inputs = node.rawInputs();
        Tensor[] gi = node.backward(g);
        for (int k = 0; k < inputs.length; k++) {
            Tensor in = inputs[k];
            if (!in.requiresGrad() || gi[k] == null) {
                continue;
            }
            Tensor gk = gi[k];
            if (!gk.shape().equals(in.shape())) {
                throw new IllegalStateException(node.name() + ": backward produced a gradient of shape " + gk.shape()
                        + " for input " + k + " of shape " + in.shape() + " (a bug in the op)");
            }
            if (gk.dtype() != in.dtype() && in.dtype() != DType.INT32) {
                gk = gk.to(in.dtype());
            }
            Tensor prev = grads.get(in);
            if (prev != null) {
                fresh.remove(prev);
                gk = prev.add(gk);
            }
            grads.put(in, gk);
            if (prev != null || node instanceof FreshGradients) {
                fresh.add(gk);
            }
        }
    }

    /** Tensors reachable from root through grad_fn links, each after all tensors it depends on. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> state = new IdentityHashMap<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(root);
        next.push(0);
        state.put(root, Boolean.FALSE);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int k = next.pop();
            Node node = t.gradFn();
            if (node != null && node.released()) {
                throw new IllegalStateException("backward(): trying to go through the graph a second time ("
                        + node.name() + " was freed by an earlier backward); pass retainGraph=true to the first "
                        + "backward(gradient, true) if you need to");
            }
            Tensor[] inputs = node == null ? new Tensor[0] : node.rawInputs();
            if (k < inputs.length) {
                next.push(k + 1);
                Tensor in = inputs[k];
                if (in.requiresGrad() && !state.containsKey(in)) {
                    state.put(in, Boolean.FALSE);
                    stack.push(in);
                    next.push(0);
                }
            } else {
                stack.pop();
                state.put(t, Boolean.TRUE);
                order.add(t);
            }
        }
        return order;
    }
}
