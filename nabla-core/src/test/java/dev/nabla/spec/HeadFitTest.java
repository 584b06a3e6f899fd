package dev.nabla.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A distribution head and a loss that do not fit are refused before training, naming both with their settings. */
class HeadFitTest {

    private static Experiment spec(String head, String loss) {
        return Experiment.parse("""
                {"name": "t", "seed": 0, "data": {"source": "synthetic", "name": "sine", "samples": 40, "test_split": 0.25},
                 "model": {"type": "Sequential", "layers": [{"type": "Dense", "units": 4, "activation": "tanh"}, %s]},
                 "loss": %s, "optimizer": {"name": "adam"}, "training": {"epochs": 1, "batch_size": 8}}
                """.formatted(head, loss), Path.of("."));
    }

    private static String refusal(String head, String loss) {
        return assertThrows(SpecException.class, () -> spec(head, loss).run(RunListener.NONE)).getMessage();
    }

    @Test
    void aMixtureLossOfAnotherSizeNamesTheHeadAndTheValueToWrite() {
        assertEquals("$.loss: mixture_nll with components 2 and covariance diagonal does not fit the model's"
                + " MixtureDensityHead (components 3, outputs 1, covariance diagonal): set the loss's \"components\": 3 and"
                + " \"covariance\": \"diagonal\"", refusal("{\"type\": \"MixtureDensityHead\", \"components\": 3}",
                "{\"name\": \"mixture_nll\", \"components\": 2}"));
    }

    @Test
    void aHeadTrainedWithAPointLossIsRefused() {
        assertEquals("$.loss: the model ends in GaussianHead (outputs 1), whose output is a mean and a variance per output:"
                + " train it with gaussian_nll, not mse", refusal("{\"type\": \"GaussianHead\"}", "{\"name\": \"mse\"}"));
        assertEquals("$.loss: the model ends in MixtureDensityHead (components 2, outputs 1, covariance diagonal), whose"
                + " output is a mixture: train it with mixture_nll (components 2), not gaussian_nll",
                refusal("{\"type\": \"MixtureDensityHead\", \"components\": 2}", "{\"name\": \"gaussian_nll\"}"));
    }

    @Test
    void aHeadOverMoreOutputsThanTargetColumnsIsRefused() {
        assertEquals("$.model: the model's GaussianHead (outputs 2) predicts 2 outputs but the data has 1 target column:"
                + " set the head's \"outputs\": 1", refusal("{\"type\": \"GaussianHead\", \"outputs\": 2}",
                "{\"name\": \"gaussian_nll\"}"));
    }

    @Test
    void aFittingHeadAndLossTrain() throws Exception {
        ExperimentResult r = spec("{\"type\": \"MixtureDensityHead\", \"components\": 2}",
                "{\"name\": \"mixture_nll\", \"components\": 2}").run(RunListener.NONE);
        assertTrue(Double.isFinite(r.testMetrics().get("loss")), r.testMetrics().toString());
    }
}
