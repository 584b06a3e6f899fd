/**
 * Experiment specs: one JSON file names the data, transforms, model, loss, optimizer, schedule,
 * callbacks, penalties, training settings, metrics and output, and {@link dev.nabla.spec.Experiment}
 * runs it. Parsing is strict: an unknown key or value is refused with its JSON path and what is allowed
 * ({@code $.optimizer.name: unknown optimizer 'adamm'; allowed: sgd, adagrad, rmsprop, adam, adamw}), so a
 * typo never trains with a silent default.
 *
 * <pre>{@code
 * Experiment experiment = Experiment.load(Path.of("examples/digits.json"));
 * ExperimentResult result = experiment.run(RunListener.NONE);
 * result.save(Path.of("digits.safetensors"));              // weights + transforms + class names + spec
 * TrainedModel model = TrainedModel.load(Path.of("digits.safetensors"));
 * int[] classes = model.predictClasses(rawFeatures);
 * }</pre>
 */
package dev.nabla.spec;
