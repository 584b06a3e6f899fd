package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.data.CsvReader.LabelKind;
import dev.nabla.data.CsvReader.Options;
import dev.nabla.tensor.DType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV files written here: values, label encodings, RFC 4180 quoting, and each refusal with its row and column. */
class CsvReaderTest {
    @TempDir
    Path dir;

    private int count;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("t" + count++ + ".csv"), text, StandardCharsets.UTF_8);
    }

    private static Dataset read(Path f) throws IOException {
        return CsvReader.read(f, Options.defaults());
    }

    private void assertFails(String text, Options o, String... parts) throws IOException {
        Path f = csv(text);
        IdxReaderTest.assertMessage(assertThrows(IOException.class, () -> CsvReader.read(f, o)), f, parts);
    }

    private void assertFails(String text, String... parts) throws IOException {
        assertFails(text, Options.defaults(), parts);
    }

    @Test
    void readsFeaturesAndCategoricalLabels() throws IOException {
        Dataset d = read(csv("sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n-1e-3,+2,setosa\n"));
        assertEquals(DType.FLOAT32, d.features().dtype());
        assertArrayEquals(new int[] {3, 2}, d.features().shape().dims());
        assertArrayEquals(new float[] {5.1f, 1.4f, 7.0f, 4.7f, -0.001f, 2f}, d.features().f32());
        assertArrayEquals(new int[] {0, 1, 0}, d.targets().i32());
        assertEquals(List.of("setosa", "versicolor"), d.classNames());
        assertEquals(List.of("sepal", "petal"), d.featureNames());
    }

    @Test
    void severalLabelColumnsAreTheTargetsOfAMultiOutputRegression() throws IOException {
        Path f = csv("a,y1,b,y2\n1,10,2,-1\n3,20,4,-2.5\n");
        Dataset d = CsvReader.read(f, Options.defaults().withLabelColumns(List.of("y2", "y1")));
        assertArrayEquals(new int[] {2, 2}, d.targets().shape().dims());
        assertArrayEquals(new float[] {-1f, 10f, -2.5f, 20f}, d.targets().f32()); // in the order given
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, d.features().f32());
        assertEquals(List.of("a", "b"), d.featureNames());
        assertFails("a,y1,y2\n1,2,x\n", Options.defaults().withLabelColumns(List.of("y1", "y2")), "row 2", "y2");
        assertFails("a,y1\n1,2\n", Options.defaults().withLabelColumns(List.of("y1", "1")), "listed twice");
        assertFails("y1,y2\n1,2\n", Options.defaults().withLabelColumns(List.of("y1", "y2")), "no feature columns");
        assertThrows(IllegalArgumentException.class,
                () -> Options.defaults().withLabelKind(LabelKind.CATEGORICAL).withLabelColumns(List.of("a", "b")));
    }

    @Test
    void classesAreSortedLikeLabelEncoder() throws IOException {
        Dataset s = read(csv("x,y\n1,b\n2,B\n3,a\n4,b\n"));
        assertEquals(List.of("B", "a", "b"), s.classNames()); // code point order, as NumPy sorts strings
        assertArrayEquals(new int[] {2, 0, 1, 2}, s.targets().i32());
        Dataset astral = read(csv("x,y\n1,\uD83D\uDE00\n2,\uFF61\n")); // U+1F600 sorts after U+FF61 by code point
        assertEquals(List.of("\uFF61", "\uD83D\uDE00"), astral.classNames());
        Dataset n = read(csv("x,y\n1,10\n2,2\n3,-1\n4,2.0\n5,-0\n6,0\n"));
        assertEquals(List.of("-1", "-0", "2", "10"), n.classNames()); // numbers by value; one class per value
        assertArrayEquals(new int[] {3, 2, 0, 2, 1, 1}, n.targets().i32());
    }

    @Test
    void autoRuleAndExplicitKinds() throws IOException {
        Path integers = csv("x,y\n1,0\n2,3\n");
        assertEquals(DType.INT32, read(integers).targets().dtype()); // integer labels are classes under AUTO
        Dataset numeric = CsvReader.read(integers, Options.defaults().withLabelKind(LabelKind.NUMERIC));
        assertArrayEquals(new int[] {2, 1}, numeric.targets().shape().dims());
        assertArrayEquals(new float[] {0, 3}, numeric.targets().f32());
        Dataset fractions = read(csv("x,y\n1,0.5\n2,3\n"));
        assertEquals(DType.FLOAT32, fractions.targets().dtype());
        assertArrayEquals(new float[] {0.5f, 3}, fractions.targets().f32());
        assertEquals(List.of(), fractions.classNames());
        Dataset forced = CsvReader.read(csv("x,y\n1,0.5\n2,3\n"), Options.defaults().withLabelKind(LabelKind.CATEGORICAL));
        assertEquals(List.of("0.5", "3"), forced.classNames());
    }

    @Test
    void quotedFieldsFollowRfc4180() throws IOException {
        Path f = csv("\uFEFF\"a,1\",\"b \"\"q\"\"\",label\r\n\"1\",  2 ,\"two\nlines\"\r\n\r\n3,\"4\",\"x,\"\"y\"\"\"");
        Dataset d = read(f);
        assertEquals(List.of("a,1", "b \"q\""), d.featureNames());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features().f32());
        assertEquals(List.of("two\nlines", "x,\"y\""), d.classNames());
    }

    @Test
    void columnsByNameOrIndexDelimiterAndNoHeader() throws IOException {
        Path f = csv("id;a;b;target\n7;1;2;x\n8;3;4;y\n");
        Options semi = Options.defaults().withDelimiter(';');
        Dataset byName = CsvReader.read(f, semi.withLabelColumn("target").withFeatureColumns(List.of("b", "a")));
        assertArrayEquals(new float[] {2, 1, 4, 3}, byName.features().f32());
        assertEquals(List.of("b", "a"), byName.featureNames());
        Dataset byIndex = CsvReader.read(f, semi.withLabelColumn("0").withFeatureColumns(List.of("1")));
        assertArrayEquals(new float[] {1, 3}, byIndex.features().f32());
        assertEquals(List.of("7", "8"), byIndex.classNames());
        Dataset headless = CsvReader.read(csv("1\t2\tcat\n3\t4\tdog\n"), Options.defaults().withHeader(false).withDelimiter('\t'));
        assertArrayEquals(new float[] {1, 2, 3, 4}, headless.features().f32());
        assertEquals(List.of(), headless.featureNames());
        assertEquals(List.of("cat", "dog"), headless.classNames());
    }

    @Test
    void emptyAndHeaderOnlyFiles() throws IOException {
        assertFails("", "is empty");
        assertFails("\n  \n", "is empty");
        assertFails("a,b,label\n", "has a header (a, b, label) but no data rows");
    }

    @Test
    void missingValuesAreRefusedWithRowAndColumn() throws IOException {
        assertFails("a,b,y\n1,2,x\n3,,x\n", "row 3, column 'b' (index 1)", "empty cell", "missing feature values are not accepted");
        assertFails("a,b,y\n1,NA,x\n", "row 2, column 'b' (index 1)", "'NA' marks a missing", "fill or drop");
        assertFails("a,b,y\n1,NaN,x\n", "row 2, column 'b' (index 1)", "'NaN' marks a missing");
        assertFails("a,b,y\n1,inf,x\n", "'inf' marks a missing or non-finite value");
        assertFails("a,b,y\n1,2,x\n1,2, \n", "row 3, column 'y' (index 2)", "empty cell", "missing label values");
        assertFails("1,2,x\n1,2,NULL\n", Options.defaults().withHeader(false), "row 2, column index 2", "'NULL' marks a missing");
    }

    @Test
    void nonNumericFeaturesAndLabels() throws IOException {
        assertFails("a,b,y\n1,2,x\n1,two,x\n", "row 3, column 'b' (index 1)", "'two' is not a number");
        assertFails("a,b,y\n0x10,2,x\n", "row 2, column 'a' (index 0)", "'0x10' is not a number");
        assertFails("a,b,y\n1e39,2,x\n", "row 2, column 'a' (index 0)", "outside float32's range");
        assertFails("a,y\n1,2\n1,cat\n", Options.defaults().withLabelKind(LabelKind.NUMERIC), "row 3, column 'y' (index 1)",
                "label 'cat' is not a number", "the label kind is numeric");
    }

    @Test
    void wrongFieldCounts() throws IOException {
        assertFails("a,b,y\n1,2,x\n1,2\n", "row 3 has 2 fields, expected 3 (as in the header)");
        assertFails("a,b,y\n1,2,x,extra\n", "row 2 has 4 fields, expected 3", "delimiter inside an unquoted cell");
        assertFails("1,2,x\n\n1,2\n", Options.defaults().withHeader(false), "row 3 has 2 fields, expected 3 (as in line 1)");
    }

    @Test
    void quotingMistakes() throws IOException {
        assertFails("a,b,y\n1,2,\"open\n3,4,x\n", "line 2, field 3", "never closed");
        assertFails("a,b,y\n1,2\"5,x\n", "line 2, field 2", "double quote inside an unquoted field");
        assertFails("a,b,y\n1,\"2\"x,x\n", "line 2, field 2", "text after the closing quote");
    }

    @Test
    void unknownAndConflictingColumns() throws IOException {
        String text = "a,b,species\n1,2,x\n";
        assertFails(text, Options.defaults().withLabelColumn("spcies"), "unknown label column 'spcies'", "the header has: a, b, species");
        assertFails(text, Options.defaults().withFeatureColumns(List.of("a", "c")), "unknown feature column 'c'", "a, b, species");
        assertFails(text, Options.defaults().withLabelColumn("5"), "label column index 5 is out of range", "3 columns (indices 0 to 2)");
        assertFails(text, Options.defaults().withFeatureColumns(List.of("a", "species")), "column 'species' (index 2) is both the label and a feature");
        assertFails(text, Options.defaults().withFeatureColumns(List.of("a", "0")), "column 'a' (index 0) is listed twice");
        assertFails("a,a,y\n1,2,x\n", Options.defaults().withFeatureColumns(List.of("a")), "'a' appears twice in the header (indices 0 and 1)");
        assertFails("1,2,x\n", Options.defaults().withHeader(false).withLabelColumn("y"), "label column 'y' is not a 0-based index", "no header");
        assertFails("y\n1\n", "only one column");
    }

    @Test
    void invalidUtf8IsRefused() throws IOException {
        Path f = Files.write(dir.resolve("latin1.csv"), new byte[] {'a', ',', 'y', '\n', '1', ',', (byte) 0xE9, '\n'});
        IdxReaderTest.assertMessage(assertThrows(IOException.class, () -> CsvReader.read(f, Options.defaults())), f,
                "not valid UTF-8");
    }

    @Test
    void optionsValidateWhereGiven() {
        Options d = Options.defaults();
        assertEquals(new Options(true, ',', null, null, LabelKind.AUTO), d);
        assertThrows(IllegalArgumentException.class, () -> d.withDelimiter('"'));
        assertThrows(IllegalArgumentException.class, () -> d.withLabelKind(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withFeatureColumns(List.of()));
        assertEquals(true, e.getMessage().contains("null means every column but the label"), e.getMessage());
    }

    @Test
    void theFirstRecordIsThereToTellAHeaderFromData() throws IOException {
        assertEquals(List.of("a b", "c"), CsvReader.firstRecord(csv("\uFEFF\"a b\" ; c \n1;2\n"), ';'));
        assertEquals(List.of(), CsvReader.firstRecord(csv("\n\n"), ','));
        assertEquals(List.of(true, true, false, false, false), List.of("-1.5e3", " 2 ", "NaN", "x", "").stream()
                .map(CsvReader::isNumber).toList());
    }

    @Test
    void aDirectoryIsNamed() {
        IdxReaderTest.assertMessage(assertThrows(IOException.class, () -> read(dir)), dir, "is a directory; expected a CSV file");
        IdxReaderTest.assertMessage(assertThrows(IOException.class, () -> CsvReader.firstRecord(dir, ',')), dir, "is a directory");
    }

    /** Quotes are CSV syntax, not part of a name: a quoted header is matched by the plain names. */
    @Test
    void quotedHeaderNamesAreMatchedWithoutTheirQuotes() throws IOException {
        Options o = Options.defaults().withDelimiter(';').withFeatureColumns(List.of("b", "a")).withLabelColumn("label");
        Dataset d = CsvReader.read(csv("\"a\"; \"b\" ;\"label\"\r\n1;2;x\r\n"), o);
        assertEquals(List.of("b", "a"), d.featureNames());
        assertArrayEquals(new float[] {2, 1}, d.features().f32());
    }
}
