package dev.nabla.data;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * String class labels to int class indices and back ({@code "setosa" -> 0}), for classification targets
 * read from a CSV column. {@link #fit} sorts the distinct labels as scikit-learn's {@code LabelEncoder}
 * does (NumPy's {@code unique}: by Unicode code point, so "B" < "a" and "10" < "9"), so a model trained
 * here and one trained there number the classes alike. The class list is what a model file stores to turn
 * predictions back into labels; {@link #of} rebuilds the encoder from it.
 */
public final class LabelEncoder {
    private final List<String> classes;
    private final Map<String, Integer> index = new HashMap<>();

    private LabelEncoder(List<String> classes) {
        this.classes = List.copyOf(classes);
        for (int i = 0; i < this.classes.size(); i++) {
            if (index.put(this.classes.get(i), i) != null) {
                throw new IllegalArgumentException("LabelEncoder: class '" + this.classes.get(i) + "' is listed twice in "
                        + this.classes);
            }
        }
    }

    /** The distinct labels, sorted by code point; refuses an empty list and null labels. */
    public static LabelEncoder fit(Collection<String> labels) {
        Objects.requireNonNull(labels, "labels");
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("LabelEncoder.fit: no labels given");
        }
        TreeSet<String> distinct = new TreeSet<>(LabelEncoder::compareCodePoints);
        for (String s : labels) {
            distinct.add(Objects.requireNonNull(s, "LabelEncoder.fit: a label is null"));
        }
        return new LabelEncoder(new ArrayList<>(distinct));
    }

    /** An encoder for classes already numbered, e.g. a data set's or a model file's class names, in that order. */
    public static LabelEncoder of(List<String> classes) {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("LabelEncoder.of: no classes given");
        }
        return new LabelEncoder(classes);
    }

    /** The class names; index i is class i. */
    public List<String> classes() {
        return classes;
    }

    public int numClasses() {
        return classes.size();
    }

    /** The index of one label; an unknown label is an error listing the known classes. */
    public int encode(String label) {
        Integer i = index.get(label);
        if (i == null) {
            throw new IllegalArgumentException("LabelEncoder: unknown label '" + label + "' (known classes: "
                    + String.join(", ", classes) + ")");
        }
        return i;
    }

    /** The labels as an int32 tensor [N] of class indices. */
    public Tensor encode(List<String> labels) {
        int[] out = new int[labels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = encode(labels.get(i));
        }
        return Tensor.of(out, out.length);
    }

    /** The label of a class index. */
    public String decode(int classIndex) {
        if (classIndex < 0 || classIndex >= classes.size()) {
            throw new IllegalArgumentException("LabelEncoder: class index " + classIndex + " is out of range for "
                    + classes.size() + " classes (valid: 0 to " + (classes.size() - 1) + ")");
        }
        return classes.get(classIndex);
    }

    /** The labels of an int32 tensor of class indices (e.g. {@code logits.argmax(1)}), in flat order. */
    public List<String> decode(Tensor classIndices) {
        if (classIndices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("LabelEncoder.decode: expected int32 class indices, got "
                    + classIndices.dtype() + " " + classIndices.shape());
        }
        List<String> out = new ArrayList<>(classIndices.size());
        for (int i : classIndices.toIntArray()) {
            out.add(decode(i));
        }
        return out;
    }

    /** NumPy's string order: by code point (String.compareTo orders UTF-16 units, which differs past U+FFFF). */
    static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    @Override
    public String toString() {
        return "LabelEncoder" + classes;
    }
}
