package dev.nabla.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Dataset;
import dev.nabla.data.Synthetic;
import dev.nabla.loss.MSE;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.train.FitOptions;
import dev.nabla.train.History;
import dev.nabla.train.Trainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fit diagnosis on a run built to overfit, and on hand-made curves of the notes' three cases. */
class FitDiagnosisTest {
    @Test
    void aWideNetworkOnTwentyNoisyPointsOverfits() {
        // 40 samples of a sine with noise 0.3, half held out; 2 x 128 tanh units and 300 full-batch Adam epochs
        Dataset d = Synthetic.sine(40, 0.3, 7);
        Sequential model = Sequential.of(new Dense(128, Activation.tanh()), new Dense(128, Activation.tanh()), new Dense(1)).build(0, 1);
        History h = new Trainer(model, MSE.of(), new Adam(model.parameters(), 0.01))
                .fit(d.features(), d.targets(), FitOptions.defaults().epochs(300).batchSize(20).validationSplit(0.5).seed(0));
        FitDiagnosis f = FitDiagnosis.of(h);
        assertEquals("overfitting", f.verdict(), f.message());
        assertTrue(f.bestEpoch() > 1 && f.bestEpoch() < 300, f.message());
        assertTrue(h.get("val_loss").get(299) > 1.1 * h.get("val_loss").get(f.bestEpoch() - 1));
        assertTrue(f.remedies().startsWith("perform regularization"), f.remedies());
        assertTrue(f.message().contains("early stopping would have stopped at epoch " + f.bestEpoch()), f.message());
    }

    @Test
    void theThreeCasesOfTheNotesTable() {
        FitDiagnosis under = FitDiagnosis.of(history(List.of(1.0, 0.9, 0.85, 0.8), List.of(1.0, 0.92, 0.88, 0.84)));
        assertEquals("underfitting", under.verdict(), under.message());
        assertTrue(under.remedies().contains("train longer"));
        FitDiagnosis good = FitDiagnosis.of(history(List.of(1.0, 0.4, 0.2, 0.15), List.of(1.0, 0.45, 0.25, 0.2)));
        assertEquals("good_fit", good.verdict(), good.message());
        assertEquals(4, good.bestEpoch());
        assertEquals(0, good.turnedUpAt());
        FitDiagnosis over = FitDiagnosis.of(history(List.of(1.0, 0.4, 0.2, 0.1, 0.05), List.of(1.0, 0.5, 0.4, 0.5, 0.6)));
        assertEquals("overfitting", over.verdict());
        assertEquals(3, over.bestEpoch());
        assertEquals(4, over.turnedUpAt(), "turned up at the epoch after the lowest");
        FitDiagnosis gap = FitDiagnosis.of(history(List.of(1.0, 0.2, 0.05, 0.02), List.of(1.0, 0.3, 0.12, 0.1)));
        assertEquals("good_fit", gap.verdict(), "still falling: not yet overfitting");
        assertTrue(gap.message().endsWith("the validation loss is 5.0 times the training loss: more epochs may overfit "
                + "(watch for it turning up)"), gap.message());
        assertEquals("unknown", FitDiagnosis.of(History.of(Map.of("loss", List.of(1.0, 0.5)), 2)).verdict());
    }

    private static History history(List<Double> train, List<Double> val) {
        return History.of(Map.of("loss", train, "val_loss", val), train.size());
    }
}
