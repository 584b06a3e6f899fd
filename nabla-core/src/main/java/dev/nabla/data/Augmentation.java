package dev.nabla.data;

import dev.nabla.config.Registry;
import dev.nabla.tensor.Generator;

/**
 * A random change to one training image, drawn anew every epoch (data augmentation): the model sees a
 * slightly different picture of each sample each time, which is worth more samples. Applied by the fit
 * loop to training batches only ({@code FitOptions.augment}, {@code "augment"} in a spec's data section),
 * never to validation, test or prediction inputs. {@link Augmenter} says where the randomness comes from.
 *
 * <pre>{@code
 * FitOptions o = FitOptions.defaults().epochs(10).seed(7)
 *         .augment(new HorizontalFlip(0.5), new RandomShift(2, 0), new RandomRotation(10, 0));
 * }</pre>
 *
 * <p>Open: an augmentation of one's own implements {@link #apply} and is registered under a kind
 * ({@code Augmentation.REGISTRY.register("cutout", Cutout.class, Cutout::read)}) to be named in specs.
 * It must draw only from the generator it is given, so that a seed gives the same images on every run,
 * any thread count, and after a resume.
 */
public interface Augmentation {
    /** The augmentations a spec can name, by {@code "kind"} ({@code {"kind": "rotate", "degrees": 10}}). */
    Registry<Augmentation> REGISTRY = Augmentations.registry();

    /**
     * Changes one image in place.
     *
     * @param image {@code channels × height × width} values, row-major, planes one after the other
     * @param random this sample's generator for this epoch; draw from it in a fixed order
     */
    void apply(double[] image, int channels, int height, int width, Generator random);
}
