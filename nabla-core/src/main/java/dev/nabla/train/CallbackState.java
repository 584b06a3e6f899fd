package dev.nabla.train;

import dev.nabla.tensor.Tensor;
import java.util.Map;

/**
 * What a callback must keep across a checkpoint to behave as if training had never stopped: plain values
 * (numbers, strings, booleans) and tensors (e.g. EarlyStopping's best weights).
 */
public record CallbackState(Map<String, Object> values, Map<String, Tensor> tensors) {
    public CallbackState {
        values = Map.copyOf(values);
        tensors = Map.copyOf(tensors);
    }

    /** A state with values only. */
    public static CallbackState of(Map<String, Object> values) {
        return new CallbackState(values, Map.of());
    }

    /** A number stored in {@link #values()} (JSON gives back Long or Double). */
    public double number(String key) {
        Object v = values.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("callback state: '" + key + "' should be a number, got " + v);
        }
        return n.doubleValue();
    }
}
