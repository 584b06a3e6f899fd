package dev.nabla.cli;

import dev.nabla.data.CsvReader;
import dev.nabla.data.DataFormatException;
import dev.nabla.data.Dataset;
import dev.nabla.spec.SourceSpec;
import dev.nabla.spec.TrainedModel;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How eval and predict read a user's CSV for a saved model, so that it is read as the training data was:
 * <ul>
 *   <li>the delimiter of the training CSV (its spec is saved with the model), unless one is given;</li>
 *   <li>a header line is detected unless one is said to be there or not: a first row whose feature cells
 *       are all numbers is data (a header of numbers only when the model's own feature names are numbers),
 *       and that assumption is said on stderr, because guessing wrong would lose a row or a header silently;</li>
 *   <li>with a header, the columns are found by the model's saved feature names, in any order, other
 *       columns ignored; without one, without saved names, or with a header of other names only, they are
 *       taken in order;</li>
 *   <li>a file that does not fit is refused in the model's terms: the model takes 2 features (a, b); the file
 *       has 3 columns.</li>
 * </ul>
 */
final class CsvInput {
    private static final int NAMES_SHOWN = 10;

    /**
     * What the command line says about the file.
     *
     * @param delimiter null: the training data's, else a comma
     * @param header null: detected
     */
    record Settings(Character delimiter, Boolean header) {}

    private final TrainedModel model;
    private final Path file;
    private final boolean withLabel;

    private CsvInput(TrainedModel model, Path file, boolean withLabel) {
        this.model = model;
        this.file = file;
        this.withLabel = withLabel;
    }

    /** The features of a file without labels, as float32 [N, F]; {@code note} gets what was assumed. */
    static Tensor features(TrainedModel model, Path file, Settings s, Consumer<String> note) throws IOException {
        return CsvReader.readFeatures(file, new CsvInput(model, file, false).options(s, null, note));
    }

    /** Features and labels; {@code label} is the label column's name or 0-based index (null: found). */
    static Dataset labelled(TrainedModel model, Path file, Settings s, String label, Consumer<String> note) throws IOException {
        return CsvReader.read(file, new CsvInput(model, file, true).options(s, label, note));
    }

    /** How to read the file, after a look at its first row; refuses a file that does not fit the model. */
    private CsvReader.Options options(Settings s, String label, Consumer<String> note) throws IOException {
        InputFiles.requireFile(file, withLabel ? "a CSV of features and labels" : "a CSV of features");
        char delimiter = s.delimiter() != null ? s.delimiter() : trainingDelimiter();
        List<String> first = CsvReader.firstRecord(file, delimiter);
        boolean header = s.header() != null ? s.header() : first.isEmpty() || looksLikeHeader(first, label);
        if (!header && s.header() == null) {
            note.accept(file + ": no header line (the first row holds values, not column names), so every row is read "
                    + "as data; pass --header if the first row names the columns");
        }
        List<String> columns = header && !model.featureNames().isEmpty() ? byName(first, note) : null;
        if (columns == null && !first.isEmpty()) {
            checkWidth(first.size());
        }
        CsvReader.Options o = CsvReader.Options.defaults().withHeader(header).withDelimiter(delimiter).withFeatureColumns(columns);
        return !withLabel ? o : o.withLabelColumns(labelColumns(label, header, first, columns))
                .withLabelKind(model.isClassifier() ? CsvReader.LabelKind.CATEGORICAL : CsvReader.LabelKind.NUMERIC);
    }

    private char trainingDelimiter() {
        return model.spec() != null && model.spec().data().source() instanceof SourceSpec.Csv csv ? csv.delimiter() : ',';
    }

    /**
     * A first row is a header unless every feature cell in it is a number (the label's cell may hold a class
     * name); a row of numbers is a header only if it holds the model's feature names, when those are numbers.
     */
    private boolean looksLikeHeader(List<String> first, String label) {
        if (label != null && !label.matches("\\d{1,9}")) {
            return true; // a label column given by name needs names
        }
        int labelAt = !withLabel ? -1 : label != null ? Integer.parseInt(label) : first.size() - 1;
        for (int i = 0; i < first.size(); i++) {
            if (i != labelAt && !CsvReader.isNumber(first.get(i))) {
                return true;
            }
        }
        return !model.featureNames().isEmpty() && first.containsAll(model.featureNames());
    }

    /**
     * The model's feature names, all of which the header must have. A header that has none of them (f0, f1,
     * ... say) names nothing about the columns: if the count fits, they are taken in order, as said on stderr
     * (null); a header with some of them but not all is refused, as it would be read wrong either way.
     */
    private List<String> byName(List<String> header, Consumer<String> note) throws DataFormatException {
        List<String> missing = new ArrayList<>(model.featureNames());
        missing.removeAll(header);
        if (missing.size() == model.featureNames().size() && header.size() == model.featureCount() + (withLabel ? 1 : 0)) {
            note.accept(file + ": the header does not name the model's features (" + shown(model.featureNames())
                    + "), so the columns are taken in order");
            return null;
        }
        if (!missing.isEmpty()) {
            throw new DataFormatException(file, takes() + "; the header has " + shown(header) + " (missing: " + shown(missing)
                    + "): name the columns as the model does, or remove the header line to give them in order");
        }
        return model.featureNames();
    }

    private void checkWidth(int width) throws DataFormatException {
        int features = model.featureCount();
        if (features >= 0 && width != features + (withLabel ? 1 : 0)) {
            throw new DataFormatException(file, takes() + (withLabel ? " and a label" : "") + "; the file has " + width
                    + (width == 1 ? " column" : " columns"));
        }
    }

    /** "the model takes 2 features (a, b)", or without the names when the model has none. */
    private String takes() {
        int n = model.featureCount();
        List<String> names = model.featureNames();
        return "the model takes " + n + (n == 1 ? " feature" : " features") + (names.isEmpty() ? "" : " (" + shown(names) + ")");
    }

    /**
     * The label columns: as given; else, in a file with a header, the training CSV's label columns if the header
     * has them all (several for a multi-output model), or the one column that is not a feature; else the last.
     */
    private List<String> labelColumns(String label, boolean header, List<String> first, List<String> features) {
        if (label != null || !header) {
            return label == null ? null : List.of(label);
        }
        if (model.spec() != null && model.spec().data().source() instanceof SourceSpec.Csv csv && csv.labels() != null
                && first.containsAll(csv.labels())) {
            return csv.labels();
        }
        if (features != null) {
            List<String> rest = new ArrayList<>(first);
            rest.removeAll(features);
            if (rest.size() == 1) {
                return List.of(rest.getFirst());
            }
        }
        return null;
    }

    private static String shown(List<String> names) {
        String head = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
        return names.size() > NAMES_SHOWN ? head + ", ... (" + names.size() + " in all)" : head;
    }
}
