/**
 * Data: {@link dev.nabla.data.Dataset}, readers (IDX, CSV, NPY/NPZ, folders of PNG/JPEG images), loaders,
 * splits, transforms fitted on training data only, seeded augmentation of training images, synthetic sets
 * and the small real data sets bundled in the jar.
 *
 * <pre>{@code
 * Dataset shapes = ImageFolder.read(Path.of("shapes"), new ImageFolder.Options(1, 32, 32, true)); // [N, 1, 32, 32]
 * FitOptions o = FitOptions.defaults().epochs(20).seed(0)
 *         .augment(new HorizontalFlip(), new RandomShift(2, 0), new RandomRotation(10, 0));
 * }</pre>
 */
package dev.nabla.data;
