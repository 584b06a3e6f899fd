package dev.nabla.optim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's trajectories for the optimizer test, read from {@code golden/optimizers.csv}, which
 * {@code golden/optimizers.py} wrote (see its docstring): for each case and dtype, θ after each step.
 */
final class Golden {
    static final String RESOURCE = "/golden/optimizers.csv";
    private static Map<String, double[][]> cache;

    private Golden() {}

    /** θ after steps 1..N of {@code name} in {@code dtype} ("float32" or "float64"). */
    static double[][] trajectory(String name, String dtype) {
        double[][] t = all().get(name + "/" + dtype);
        if (t == null) {
            throw new AssertionError("no golden values for " + name + " " + dtype + " in " + RESOURCE
                    + ": add the case to optimizers.py and rerun it");
        }
        return t;
    }

    /** The case names in the file. */
    static List<String> cases() {
        return all().keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).distinct().toList();
    }

    /** The line the script wrote first (names the torch version). */
    static String header() {
        return lines().getFirst();
    }

    private static synchronized Map<String, double[][]> all() {
        if (cache == null) {
            Map<String, List<double[]>> rows = new LinkedHashMap<>();
            for (String line : lines()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                List<double[]> steps = rows.computeIfAbsent(f[0] + "/" + f[1], k -> new ArrayList<>());
                if (Integer.parseInt(f[2]) != steps.size() + 1) {
                    throw new IllegalStateException(RESOURCE + ": steps out of order in line " + line);
                }
                steps.add(Arrays.stream(f, 3, f.length).mapToDouble(Double::parseDouble).toArray());
            }
            Map<String, double[][]> out = new LinkedHashMap<>();
            rows.forEach((k, v) -> out.put(k, v.toArray(double[][]::new)));
            cache = out;
        }
        return cache;
    }

    private static List<String> lines() {
        var in = Golden.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the test resources");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
