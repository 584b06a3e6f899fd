package dev.nabla.data;

import dev.nabla.config.Registry;

/** The built-in augmentations under their {@code "kind"}s, the one list of them ({@link Augmentation#REGISTRY}). */
final class Augmentations {
    private Augmentations() {}

    static Registry<Augmentation> registry() {
        Registry<Augmentation> r = new Registry<>(Augmentation.class, "augmentation", "kind");
        r.register("hflip", HorizontalFlip.class, HorizontalFlip::read);
        r.register("crop", RandomShift.class, RandomShift::read);
        r.register("rotate", RandomRotation.class, RandomRotation::read);
        r.register("erase", RandomErasing.class, RandomErasing::read);
        return r;
    }
}
