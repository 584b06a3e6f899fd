package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.data.Synthetic;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.spec.DataSplits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The progress bar on a terminal: redrawn in place, labelled, and gone before the epoch's line. */
class ProgressListenerTest {

    /** What a terminal shows: each line as the text after its last carriage return. */
    private static List<String> shown(String raw) {
        // split on \n only: String.lines() would also split on the \r that redraws a line
        return java.util.Arrays.stream(raw.split("\n")).map(l -> l.substring(l.lastIndexOf('\r') + 1).stripTrailing()).toList();
    }

    @Test
    void theBarIsClearedBeforeTheEpochLine_andSaysWhichLossItShows() {
        StringWriter text = new StringWriter();
        ProgressListener p = new ProgressListener(new PrintWriter(text, true), false, null, true);
        p.onTrainBegin(Sequential.of(new Dense(2)).build(0, 2), new DataSplits(Synthetic.truthTable("xor"), null, null), 2, 3);
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int b = 0; b < 3; b++) {
                p.onBatchEnd(epoch, b, 3, Map.of("loss", 1.0 + b, "size", 4.0));
            }
            String drawn = text.toString();
            assertTrue(drawn.contains("[") && drawn.contains("3/3") && drawn.contains("mean loss 2.0000"),
                    "the bar shows the running mean of the epoch's batch losses, labelled:\n" + drawn);
            p.onEpochEnd(epoch, Map.of("loss", 2.0));
        }
        List<String> lines = shown(text.toString());
        assertEquals(3, lines.size(), text.toString());
        assertTrue(lines.get(0).startsWith("data: 4 training"), lines.get(0));
        for (int e = 0; e < 2; e++) {
            assertTrue(lines.get(e + 1).startsWith("epoch " + (e + 1) + "/2  loss 2.000"), "only the epoch's line is left:\n" + lines);
        }
    }
}
