package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fitted transforms survive config() -> (JSON) -> fromConfig bit for bit; bad configs are refused clearly. */
class TransformConfigTest {
    static final Tensor TRAIN = Tensor.normal(new Generator(9), DType.FLOAT32, 5, 3, 200, 2, 3).exp();
    static final Tensor TEST = Tensor.normal(new Generator(10), DType.FLOAT32, 5, 3, 50, 2, 3).exp();

    static List<FittedTransform> fitted() {
        return List.of(new Standardize().fit(TRAIN), new MinMax(-1, 1).fit(TRAIN), new Quantile(50, "uniform").fit(TRAIN),
                new Quantile(1000, "normal").fit(TRAIN), new Rescale(1.0 / 255, 0.5),
                Transform.pipeline(new Rescale(0.1), new Quantile(20, "normal"), new Standardize()).fit(TRAIN));
    }

    @Test
    void roundTripThroughTheConfigMap() {
        for (FittedTransform f : fitted()) {
            FittedTransform back = FittedTransform.fromConfig(f.config());
            assertEquals(f.config(), back.config(), f.toString());
            assertArrayEquals(f.apply(TEST).toFloatArray(), back.apply(TEST).toFloatArray(), f.toString());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void roundTripThroughGsonJsonText() {
        Gson gson = new Gson();
        for (FittedTransform f : fitted()) {
            String json = gson.toJson(f.config());
            Map<String, Object> read = gson.fromJson(json, Map.class); // every number comes back a Double
            FittedTransform back = FittedTransform.fromConfig(read);
            assertEquals(json, gson.toJson(back.config()), f.toString());
            assertArrayEquals(f.apply(TEST).toFloatArray(), back.apply(TEST).toFloatArray(), f.toString());
        }
    }

    @Test
    void configIsPlainJsonData() {
        Map<String, Object> c = new Standardize().fit(Tensor.of(new double[][] {{1, 10}, {3, 30}})).config();
        assertEquals("{\"kind\":\"standardize\",\"feature_shape\":[2],\"mean\":[2.0,20.0],\"std\":[1.0,10.0]}",
                new Gson().toJson(c));
        assertEquals("{\"kind\":\"rescale\",\"scale\":2.0,\"offset\":0.0}", new Gson().toJson(new Rescale(2).config()));
    }

    @Test
    void longsAndDoublesAreBothAccepted() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("kind", "min_max");
        c.put("low", 0L);
        c.put("high", 1L);
        c.put("feature_shape", List.of(2L));
        c.put("min", List.of(0L, 1.5));
        c.put("max", List.of(10L, 2.5));
        FittedTransform f = FittedTransform.fromConfig(c);
        assertArrayEquals(new double[] {0.5, 0.5}, f.apply(Tensor.of(new double[][] {{5, 2}})).toDoubleArray());
        c.put("feature_shape", List.of(2.0));
        assertEquals(2, ((MinMax.Fitted) FittedTransform.fromConfig(c)).featureShape()[0]);
    }

    @Test
    void unknownKindsAndKeysAreRefusedWithTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FittedTransform.fromConfig(Map.of("kind", "whiten")));
        assertEquals("transform.kind: unknown fitted transform 'whiten'; allowed: standardize, min_max, quantile, rescale, chain",
                e.getMessage());
        Map<String, Object> c = new LinkedHashMap<>(new Rescale(2).config());
        c.put("scael", 3.0);
        e = assertThrows(IllegalArgumentException.class, () -> FittedTransform.fromConfig(c));
        assertEquals("transform.scael: unknown key; allowed: kind, scale, offset", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FittedTransform.fromConfig(Map.of("scale", 1.0)));
        assertEquals("transform.kind: required key is missing", e.getMessage());
    }

    @Test
    void inconsistentFittedStateIsRefused() {
        Map<String, Object> c = new LinkedHashMap<>(new Standardize().fit(TRAIN).config());
        c.put("mean", List.of(1.0, 2.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FittedTransform.fromConfig(c));
        assertEquals("transform: Standardize: features [*, 2, 3] need 6 means and stds, got 2 and 6", e.getMessage());
        c.remove("mean");
        e = assertThrows(IllegalArgumentException.class, () -> FittedTransform.fromConfig(c));
        assertEquals("transform.mean: required key is missing", e.getMessage());

        Map<String, Object> q = new LinkedHashMap<>(new Quantile(3, "uniform").fit(Tensor.of(new double[] {1, 2, 3}, 3, 1))
                .config());
        q.put("values", List.of(List.of(3.0, 2.0, 1.0)));
        e = assertThrows(IllegalArgumentException.class, () -> FittedTransform.fromConfig(q));
        assertTrue(e.getMessage().contains("non-decreasing"), e.getMessage());
        q.put("values", List.of(List.of(1.0, "two", 3.0)));
        e = assertThrows(IllegalArgumentException.class, () -> FittedTransform.fromConfig(q));
        assertEquals("transform.values[0][1]: must be a number, got the string \"two\"", e.getMessage());

        Map<String, Object> chain = Map.of("kind", "chain", "steps", List.of(Map.of("kind", "rescale", "scale", 0.0,
                "offset", 0.0)));
        e = assertThrows(IllegalArgumentException.class, () -> FittedTransform.fromConfig(chain));
        assertEquals("transform.steps[0].scale: must be finite and non-zero, got 0.0", e.getMessage());
    }
}
