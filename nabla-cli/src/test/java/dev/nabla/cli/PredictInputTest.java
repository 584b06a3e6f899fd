package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How predict and eval read a user's CSV for a saved model: the training delimiter, the saved feature names,
 * a file without a header, and a file that does not fit, said in the model's and the file's terms.
 */
class PredictInputTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void train() throws Exception {
        model = CsvModel.train(dir);
    }

    private static Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<String> predict(String... extra) {
        String[] args = new String[2 + extra.length];
        args[0] = "predict";
        args[1] = model.toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        Cli.Run r = Cli.nabla(args);
        assertEquals(0, r.code(), r.err());
        return r.out().lines().toList();
    }

    @Test
    void aFileWithoutHeaderIsReadWhole_inTheTrainingDelimiter_andTheAssumptionIsSaid() throws Exception {
        Path plain = write("plain.csv", "0;0\n0;1\n1;0\n1;1\n0;0\n");
        Cli.Run r = Cli.nabla("predict", model.toString(), plain.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(6, r.out().lines().count(), "a header line and one prediction per row:\n" + r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("plain.csv") && r.err().contains("no header") && r.err().contains("--header"), r.err());

        List<String> withHeader = predict(write("named.csv", "a;b\n0;0\n0;1\n1;0\n1;1\n0;0\n").toString());
        assertEquals(withHeader, r.out().lines().toList(), "the same rows, read with or without a header line");
    }

    @Test
    void columnsAreFoundByTheSavedFeatureNames() throws Exception {
        List<String> inOrder = predict(write("ab.csv", "a;b\n0;1\n1;1\n").toString());
        List<String> swapped = predict(write("ba.csv", "b;a;note\n1;0;x\n1;1;y\n").toString());
        assertEquals(inOrder, swapped, "columns by name, in any order, extra columns ignored");
    }

    @Test
    void aDelimiterOptionReadsOtherFiles() throws Exception {
        List<String> semicolons = predict(write("s.csv", "a;b\n0;1\n1;1\n").toString());
        assertEquals(semicolons, predict(write("c.csv", "a,b\n0,1\n1,1\n").toString(), "--delimiter", ","));
        assertEquals(semicolons, predict(write("t.csv", "a\tb\n0\t1\n1\t1\n").toString(), "--delimiter", "\\t"));
    }

    @Test
    void aColumnCountThatDoesNotFitIsSaidInTheModelsTerms() throws Exception {
        Path three = write("three.csv", "0;0;1\n1;1;0\n");
        Cli.Run r = Cli.nabla("predict", model.toString(), three.toString());
        assertEquals(Main.EXIT_FAILURE, r.code());
        assertTrue(r.err().contains("the model takes 2 features (a, b); the file has 3 columns"), r.err());

        Path half = write("half.csv", "a;y\n0;1\n");
        Cli.Run named = Cli.nabla("predict", model.toString(), half.toString());
        assertEquals(Main.EXIT_FAILURE, named.code());
        assertTrue(named.err().contains("the model takes 2 features (a, b); the header has a, y (missing: b)"), named.err());

        Cli.Run wide = Cli.nabla("predict", model.toString(), write("xyz.csv", "x;y;z\n0;1;2\n").toString());
        assertEquals(Main.EXIT_FAILURE, wide.code());
        assertTrue(wide.err().contains("the model takes 2 features (a, b); the header has x, y, z"), wide.err());
    }

    @Test
    void aHeaderOfOtherNamesIsTakenInOrder_andThatIsSaid() throws Exception {
        Cli.Run r = Cli.nabla("predict", model.toString(), write("xy.csv", "x;y\n0;1\n1;1\n").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(predict(write("ab2.csv", "a;b\n0;1\n1;1\n").toString()), r.out().lines().toList());
        assertTrue(r.err().contains("does not name the model's features (a, b)") && r.err().contains("in order"), r.err());
    }

    @Test
    void evalReadsAHeaderlessFileWithItsLabelsToo() throws Exception {
        Path plain = write("labelled.csv", "0;0;no\n0;1;yes\n1;0;yes\n1;1;no\n0;0;no\n");
        Cli.Run r = Cli.nabla("eval", model.toString(), plain.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"samples\": 5"), r.out());
        assertTrue(r.err().contains("no header"), r.err());

        Cli.Run wide = Cli.nabla("eval", model.toString(), write("wide.csv", "0;0;1;no\n").toString());
        assertEquals(Main.EXIT_FAILURE, wide.code());
        assertTrue(wide.err().contains("the model takes 2 features (a, b) and a label; the file has 4 columns"), wide.err());
    }

    @Test
    void aQuotedHeaderMatchesTheNamesWithoutQuotes() throws Exception {
        List<String> plain = predict(write("q0.csv", "a;b\n0;1\n").toString());
        assertEquals(plain, predict(write("q1.csv", "\"b\";\"a\"\n1;0\n").toString()));
    }
}
