package dev.nabla.spec;

import static dev.nabla.spec.SpecEdits.REMOVE;
import static dev.nabla.spec.SpecEdits.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mistake is refused at parse time with its JSON path and what would have been accepted. Each
 * case edits one value of a valid spec, so the message is the whole expectation.
 */
class SpecErrorTest {

    static Stream<Arguments> mistakes() {
        return Stream.of(
                // names and closed sets list the allowed values
                Arguments.of(with("optimizer.name", "adamm"),
                        "$.optimizer.name: unknown optimizer 'adamm'; allowed: sgd, adagrad, rmsprop, adam, adamw"),
                Arguments.of(with("loss.name", "crossentropy"), "$.loss.name: unknown loss 'crossentropy'; allowed: mse, mae, "
                        + "huber, smooth_l1, bce, bce_with_logits, cross_entropy, nll, gaussian_nll, mixture_nll"),
                Arguments.of(with("schedule", Map.of("name", "linear")),
                        "$.schedule.name: unknown schedule 'linear'; allowed: constant, exponential, step, cosine, one_cycle"),
                Arguments.of(with("callbacks", List.of(Map.of("name", "early_stoping"))),
                        "$.callbacks[0].name: unknown callback 'early_stoping'; allowed: early_stopping, reduce_lr_on_plateau, ema, gradient_flow"),
                Arguments.of(with("penalties", List.of(Map.of("kind", "l3", "lambda", 1))),
                        "$.penalties[0].kind: unknown penalty 'l3'; allowed: l1, l2"),
                Arguments.of(with("metrics", List.of("accuracy", "acc")),
                        "$.metrics[1]: unknown metric 'acc'; allowed: accuracy, binary_accuracy, mae, mse"),
                Arguments.of(with("data.source", "s3"),
                        "$.data.source: unknown data source 's3'; allowed: bundled, synthetic, csv, idx, fashion-mnist, npz, image_folder"),
                Arguments.of(with("data", Map.of("source", "bundled", "name", "mnist")),
                        "$.data.name: unknown bundled data set 'mnist'; allowed: breast_cancer, diabetes, digits, iris, wine"),
                Arguments.of(with("data.transforms", List.of(Map.of("kind", "normalize"))),
                        "$.data.transforms[0].kind: unknown transform 'normalize'; allowed: standardize, min_max, quantile, rescale"),
                Arguments.of(with("data.augment", List.of(Map.of("kind", "vflip"))),
                        "$.data.augment[0].kind: unknown augmentation 'vflip'; allowed: hflip, crop, rotate, erase"),
                Arguments.of(with("data.augment", List.of(Map.of("kind", "rotate", "degrees", 200))),
                        "$.data.augment[0].degrees: must be in (0, 180], got 200.0"),
                Arguments.of(with("data", Map.of("source", "image_folder", "path", "x", "channels", 2)),
                        "$.data.channels: must be 1 (gray) or 3 (RGB), got 2"),
                Arguments.of(with("data", Map.of("source", "image_folder", "path", "x", "size", List.of(32))),
                        "$.data.size: must be [height, width], two whole numbers >= 1, got [32]"),
                Arguments.of(with("data", Map.of("source", "image_folder", "path", "x", "pixels", "bytes")),
                        "$.data.pixels: unknown pixel range 'bytes'; allowed: unit, raw"),
                Arguments.of(with("data.transforms", List.of(Map.of("kind", "quantile", "output", "gaussian"))),
                        "$.data.transforms[0].output: unknown quantile output 'gaussian'; allowed: uniform, normal"),
                Arguments.of(with("model.layers[0].kernel_init", "xavier"), "$.model.layers[0].kernel_init: unknown initialiser "
                        + "'xavier'; allowed: zeros, constant, uniform, normal, glorot_uniform, glorot_normal, he_uniform, "
                        + "he_normal, orthogonal"),
                Arguments.of(with("model.layers[0].activation", "rleu"), "$.model.layers[0].activation: unknown activation "
                        + "'rleu'; allowed: linear, step, sign, sigmoid, tanh, relu, leaky_relu, swish, elu, gelu, softplus, softmax, log_softmax"),
                Arguments.of(with("callbacks", List.of(Map.of("name", "early_stopping", "monitor", "loss", "mode", "up"))),
                        "$.callbacks[0].mode: unknown mode 'up'; allowed: min, max, auto"),
                // unknown keys list the keys that exist there
                Arguments.of(with("training.epochz", 5), "$.training.epochz: unknown key; allowed: epochs, batch_size, shuffle"),
                Arguments.of(with("lossx", 1), "$.lossx: unknown key; allowed: name, description, seed, data, model, loss, "
                        + "optimizer, schedule, callbacks, penalties, training, metrics, output"),
                Arguments.of(with("loss.delta", 1),
                        "$.loss.delta: unknown key; allowed: name, label_smoothing, ignore_index, reduction"),
                Arguments.of(with("optimizer.momentum", 0.9), "$.optimizer.momentum: unknown key; allowed: clip_norm, "
                        + "clip_value, name, lr, betas, eps, weight_decay, amsgrad, decoupled_weight_decay"),
                Arguments.of(with("model.layers[0].unit", 8), "$.model.layers[0].unit: unknown key; allowed: type, name, "
                        + "units, activation, use_bias, kernel_init, bias_init"),
                Arguments.of(with("model.inputs", List.of(2)), "$.model.inputs: unknown key; allowed: type, name, layers"),
                Arguments.of(with("data.samples", 10), "$.data.samples: unknown key; allowed: source, name, function, "
                        + "test_split, stratify, validation_split, transforms, augment, tta"),
                Arguments.of(with("model.layers[0].activation", Map.of("name", "leaky_relu", "slop", 0.1)),
                        "$.model.layers[0].activation.slop: unknown key; allowed: name, slope"),
                // bad values and wrong types name the requirement and what was given
                Arguments.of(with("model.layers[0].units", -3), "$.model.layers[0].units: must be > 0, got -3"),
                Arguments.of(with("model.layers[0].units", 2.5), "$.model.layers[0].units: must be an integer, got 2.5"),
                Arguments.of(with("training.epochs", "ten"), "$.training.epochs: must be an integer > 0, got the string \"ten\""),
                Arguments.of(with("training.batch_size", 0), "$.training.batch_size: must be an integer > 0, got 0"),
                Arguments.of(with("training.shuffle", "yes"), "$.training.shuffle: must be true or false, got the string \"yes\""),
                Arguments.of(with("training.epochs", REMOVE), "$.training.epochs: required key is missing"),
                Arguments.of(with("loss", REMOVE), "$.loss: required key is missing"),
                Arguments.of(with("training", List.of()), "$.training: must be an object, got an array"),
                Arguments.of(with("seed", 1.5), "$.seed: must be an integer, got 1.5"),
                Arguments.of(with("training.seed", 1), "$.training.seed: the seed is top-level ($.seed): one seed drives "
                        + "initialisation, splits and shuffling"),
                Arguments.of(with("optimizer.lr", -0.1), "$.optimizer.lr: must be > 0, got -0.1"),
                Arguments.of(with("optimizer.betas", List.of(0.9)),
                        "$.optimizer.betas: must be an array of two numbers in [0, 1), got 1 values"),
                Arguments.of(with("optimizer.betas", List.of(0.9, 1.0)), "$.optimizer.betas[1]: must be in [0, 1), got 1.0"),
                Arguments.of(with(with("optimizer.name", "sgd"), "optimizer.nesterov", true),
                        "$.optimizer.nesterov: must be false without momentum (momentum is 0.0), got true"),
                Arguments.of(with("schedule", Map.of("name", "exponential", "beta", 1.5)),
                        "$.schedule.beta: must be in (0, 1], got 1.5"),
                Arguments.of(with("loss", Map.of("name", "cross_entropy", "label_smoothing", 2)),
                        "$.loss.label_smoothing: must be in [0, 1], got 2.0"),
                Arguments.of(with("penalties", List.of(Map.of("kind", "l2", "lambda", -1))),
                        "$.penalties[0].lambda: must be a number >= 0, got -1"),
                Arguments.of(with("callbacks", List.of(Map.of("name", "reduce_lr_on_plateau", "monitor", "loss", "factor", 1.5))),
                        "$.callbacks[0].factor: must be in (0, 1), got 1.5"),
                Arguments.of(with("metrics", "accuracy"), "$.metrics: must be an array, got the string \"accuracy\""),
                Arguments.of(with("data.test_split", 1.5), "$.data.test_split: must be a fraction in (0, 1), got 1.5"),
                Arguments.of(with("data.transforms", List.of(Map.of("kind", "rescale", "scale", 0))),
                        "$.data.transforms[0].scale: must be finite and non-zero, got 0.0"),
                Arguments.of(with("model.input", List.of(0)), "$.model.input[0]: must be an integer > 0, got 0"),
                Arguments.of(with("model.layers", List.of()), "$.model.layers: must hold at least one layer"),
                Arguments.of(with("model.layers[0]", Map.of("type", "Dropout", "p", 1.5)),
                        "$.model.layers[0].p: must be in [0, 1], got 1.5"),
                Arguments.of(with("output", Map.of("dir", "")), "$.output.dir: must be a directory path, got an empty string"),
                Arguments.of(with("name", "a/b"), "$.name: must be a non-empty name without slashes (it names the output "
                        + "directory), got \"a/b\""),
                // rules that span keys or sections
                Arguments.of(with("callbacks", List.of(Map.of("name", "early_stopping"))), "$.callbacks[0].monitor: 'val_loss' "
                        + "is not logged; logged: loss, accuracy (val_ quantities need $.data.validation_split)"),
                Arguments.of(with("data", Map.of("source", "fashion-mnist", "test_split", 0.2)),
                        "$.data.test_split: the fashion-mnist source has its own test part; leave test_split out"),
                Arguments.of(with("data", Map.of("source", "idx", "train_images", "a", "train_labels", "b", "test_images", "c")),
                        "$.data.test_labels: required key is missing (test_images and test_labels go together)"),
                Arguments.of(with("data.stratify", false), "$.data.stratify: applies to test_split, which is not given"),
                Arguments.of(with("data", Map.of("source", "csv", "path", "x.csv", "delimiter", ";;")),
                        "$.data.delimiter: must be one character other than a quote or a line break, got \";;\""),
                // JSON itself
                Arguments.of("{\"seed\": 1, \"seed\": 2}", "$.seed: duplicate key \"seed\""),
                Arguments.of("[]", "$: must be a JSON object, got an array"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void refusedWithPathAndAllowedValues(String spec, String expected) {
        SpecException e = assertThrows(SpecException.class, () -> Experiment.parse(spec, Path.of(".")));
        assertEquals(expected, e.getMessage());
        assertTrue(expected.startsWith(e.path() + ": "), e.path());
    }

    @ParameterizedTest
    @MethodSource("layerTypes")
    void unknownLayerTypeListsRegisteredTypes(String spec, String path) {
        SpecException e = assertThrows(SpecException.class, () -> Experiment.parse(spec, Path.of(".")));
        assertEquals(path, e.path());
        assertTrue(e.problem().startsWith("unknown layer type 'Dens'; allowed: Dense, Dropout, Flatten,"), e.getMessage());
        assertTrue(e.problem().contains("Dense"), e.getMessage());
    }

    static Stream<Arguments> layerTypes() {
        return Stream.of(Arguments.of(with("model.layers[1].type", "Dens"), "$.model.layers[1].type"),
                Arguments.of(with("model.type", "Dens"), "$.model.type"));
    }

    @org.junit.jupiter.api.Test
    void aSpecFilesMistakesNameTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("typo.json"), "{\"nme\": \"x\"}");
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(file));
        assertEquals(file + ": $.nme: unknown key; allowed: name, description, seed, data, model, loss, optimizer, schedule, "
                + "callbacks, penalties, training, metrics, output", e.getMessage());
        assertEquals("$.nme", e.path());
        assertEquals(file, e.file());
        Exception folder = assertThrows(java.nio.file.FileSystemException.class, () -> Experiment.load(dir));
        assertEquals(dir + ": is a directory; expected a spec file (JSON)", folder.getMessage());
    }

    @org.junit.jupiter.api.Test
    void invalidJsonSaysWhere() {
        SpecException e = assertThrows(SpecException.class, () -> Experiment.parse("{\"seed\": 1,", Path.of(".")));
        assertTrue(e.problem().startsWith("invalid JSON: "), e.getMessage());
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void graphWiringErrorsAreReportedAtTheNode() {
        String graph = with("model", Map.of("type", "Graph", "inputs", Map.of("x", List.of(2)),
                "nodes", List.of(Map.of("name", "h", "inputs", List.of("y"), "layer", Map.of("type", "Dense", "units", 2))),
                "outputs", List.of("h")));
        SpecException e = assertThrows(SpecException.class, () -> Experiment.parse(graph, Path.of(".")));
        assertEquals("$.model.nodes[0]", e.path());
        assertTrue(e.problem().contains("'y'"), e.getMessage());
    }
}
