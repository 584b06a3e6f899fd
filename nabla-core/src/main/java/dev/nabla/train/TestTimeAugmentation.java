package dev.nabla.train;

import dev.nabla.data.HorizontalFlip;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.loss.Loss;
import dev.nabla.loss.NLL;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Test-time augmentation: a classifier's prediction for an image is the mean of its class probabilities
 * over the image as given and over fixed views of it (fastai's {@code Learner.tta}, timm's
 * {@code --tta}). A model trained on mirrored images (the {@code hflip} augmentation) sees a mirrored
 * shirt as a shirt; asking it about both and averaging its answers removes part of its error in either.
 *
 * <p>The combined output is the log of the mean probability, {@code log(Σ_v softmax(f(view_v(x))) / V)},
 * computed as a log-sum-exp of log-softmaxes: a valid score for {@code cross_entropy} (its softmax is the mean
 * probability itself) and a log-probability for {@code nll}, so losses, metrics and argmax read it as they
 * read the model's own scores. With no views the model's output is passed through untouched.
 *
 * <pre>{@code
 * TestTimeAugmentation tta = TestTimeAugmentation.of("hflip");
 * Tensor scores = tta.apply(model::forward, images);   // [N, C]: log mean probability of each class
 * }</pre>
 *
 * <p>Views are deterministic: the same image gives the same prediction on every call, any thread count.
 *
 * @param views the fixed views added to the image as given; empty: none
 */
public record TestTimeAugmentation(List<View> views) {
    /** No views: predictions are the model's own outputs. */
    public static final TestTimeAugmentation NONE = new TestTimeAugmentation(List.of());

    /** A fixed transformation of a batch of images {@code [N, (C,) H, W]}. */
    public enum View {
        /** Mirrored left to right (each row of each plane reversed), as the {@code hflip} augmentation does. */
        HFLIP("hflip");

        private final String id;

        View(String id) {
            this.id = id;
        }

        /** The name a spec and the command line use. */
        public String id() {
            return id;
        }

        /** The view named {@code id}; anything else is an error that lists the names. */
        public static View named(String id) {
            for (View v : values()) {
                if (v.id.equals(id)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("test-time augmentation: unknown view '" + id + "'; expected one of "
                    + names() + " (views are fixed transformations: a random augmentation such as crop has none)");
        }

        static List<String> names() {
            return java.util.Arrays.stream(values()).map(View::id).toList();
        }

        Tensor of(Tensor x) {
            return switch (this) {
                case HFLIP -> HorizontalFlip.mirror(x);
            };
        }
    }

    public TestTimeAugmentation {
        views = List.copyOf(views);
        if (views.size() != views.stream().distinct().count()) {
            throw new IllegalArgumentException("test-time augmentation: a view is named twice in "
                    + views.stream().map(View::id).toList());
        }
    }

    /** The views named, e.g. {@code of("hflip")}; none named: {@link #NONE}. */
    public static TestTimeAugmentation of(String... names) {
        return named(List.of(names));
    }

    /** The views named, in order. */
    public static TestTimeAugmentation named(List<String> names) {
        List<View> views = new ArrayList<>();
        for (String n : names) {
            views.add(View.named(n));
        }
        return new TestTimeAugmentation(views);
    }

    /** True when predictions are the model's own outputs. */
    public boolean isNone() {
        return views.isEmpty();
    }

    /** The views' names, as a spec writes them. */
    public List<String> names() {
        return views.stream().map(View::id).toList();
    }

    /**
     * Why these views cannot serve a model that takes samples of shape {@code sample} and gives {@code output}
     * per sample, trained with {@code loss}; null when they can. A null shape or loss is not known and not
     * checked (a plain model file has no loss). Said where the views are asked for: the spec's {@code "tta"}
     * when a run starts, {@code --tta} on the command line.
     */
    public String refusal(Shape sample, Shape output, Loss loss) {
        if (isNone()) {
            return null;
        }
        if (sample != null && sample.rank() != 2 && sample.rank() != 3) {
            return "mirrors images [channels, height, width] or [height, width], but each sample is " + sample;
        }
        boolean scores = loss == null || loss instanceof CrossEntropy || loss instanceof NLL;
        if (!scores || output != null && (output.rank() != 1 || output.dim(0) < 2)) {
            return "averages class probabilities, so it needs a classifier trained with cross_entropy or nll on scores "
                    + "per class; " + (loss == null ? "" : "the loss is " + Loss.REGISTRY.nameOf(loss) + " and ")
                    + "the model gives " + output + " per sample";
        }
        return null;
    }

    /**
     * The prediction for the batch {@code x}: {@code forward(x)} itself with no views; else the log of the
     * mean class probability over {@code x} and each view of it.
     *
     * @throws IllegalArgumentException when {@code x} is not a batch of images, or the model's outputs are
     *     not class scores {@code [N, C]} with C ≥ 2
     */
    public Tensor apply(UnaryOperator<Tensor> forward, Tensor x) {
        if (isNone()) {
            return forward.apply(x);
        }
        if (x.rank() != 3 && x.rank() != 4) {
            throw new IllegalArgumentException("test-time augmentation " + names() + ": expected a batch of images [N, C, H, W] "
                    + "or [N, H, W], got " + x.shape());
        }
        Tensor first = forward.apply(x);
        if (first.rank() != 2 || first.dim(1) < 2) {
            throw new IllegalArgumentException("test-time augmentation " + names() + ": averages class probabilities, so the "
                    + "model must give scores [N, C] with C >= 2; it gives " + first.shape());
        }
        Tensor[] logProbabilities = new Tensor[views.size() + 1];
        logProbabilities[0] = first.logSoftmax(1);
        for (int v = 0; v < views.size(); v++) {
            logProbabilities[v + 1] = forward.apply(views.get(v).of(x)).logSoftmax(1);
        }
        return Tensor.stack(0, logProbabilities).logSumExp(0).sub(Math.log(logProbabilities.length));
    }
}
