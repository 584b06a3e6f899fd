package dev.nabla.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.Json;
import dev.nabla.spec.Experiment;
import dev.nabla.spec.ExperimentResult;
import dev.nabla.spec.RunListener;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Show me the code": the spec is one nabla train runs on the page's data.csv; the Java compiles as given. */
class RecipeTest {
    @TempDir
    Path dir;

    private static Settings xorWithExtras() {
        Map<String, Object> m = Settings.defaults().toMap();
        m.put("dataset", "xor");
        m.put("features", List.of("x1", "x2", "x1x2"));
        m.put("layers", List.of(Map.of("units", 6, "activation", "relu", "dropout", 0.1), Map.of("units", 3, "activation", "tanh")));
        m.put("regularization", "l2");
        m.put("regRate", 0.001);
        m.put("schedule", "cosine");
        return Settings.read(m);
    }

    @Test
    void theSpecTrainsWithTheLibraryOnTheDownloadedData() throws Exception {
        Session s = new Session("t", dir);
        s.configure(xorWithExtras());
        for (int i = 0; i < 3; i++) {
            s.stepEpoch();
        }
        Map<String, Object> spec = Recipe.spec(s.settings(), s.data(), s.epoch());
        Files.writeString(dir.resolve("data.csv"), Transfers.dataCsv(s));
        Path file = Files.writeString(dir.resolve("spec.json"), Json.write(spec));
        Experiment e = Experiment.load(file);
        assertEquals(3, e.spec().training().epochs());
        assertEquals(2, e.spec().penalties().size() + 1);
        ExperimentResult r = e.run(RunListener.NONE);
        // x1·x2 is a feature: three epochs separate the quadrants
        assertTrue(r.testMetrics().get("accuracy") > 0.9, "test accuracy " + r.testMetrics());
        assertEquals(List.of("x1", "x2", "x1x2"), r.splits().train().featureNames());
    }

    @Test
    void everyScheduleOnThePageTrainsWithEveryOptimizerOnIt() {
        for (String optimizer : Settings.optimizers()) {
            for (String schedule : Settings.schedules()) {
                Map<String, Object> m = Settings.defaults().toMap();
                m.put("optimizer", optimizer);
                m.put("schedule", schedule);
                Session s = new Session("t", dir);
                s.configure(Settings.read(m)); // one_cycle with the momentum-less SGD was refused here
                s.stepEpoch();
                assertEquals(1, s.epoch(), optimizer + " with " + schedule);
            }
        }
    }

    @Test
    void theJavaSnippetCompiles() throws Exception {
        Session s = new Session("t", dir);
        s.configure(xorWithExtras());
        Path source = Files.writeString(dir.resolve("Playground.java"), Recipe.java(s.settings(), s.data()));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter log = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "25", "-proc:none", "-d", dir.resolve("classes").toString(),
                    "-classpath", System.getProperty("java.class.path"));
            boolean ok = javac.getTask(log, files, null, options, null, files.getJavaFileObjectsFromPaths(List.of(source))).call();
            assertTrue(ok, "the snippet does not compile:\n" + log + "\n" + Files.readString(source));
        }
    }

    @Test
    void anUploadedTableIsStandardisedInTheSpecAsOnThePage() throws Exception {
        Session s = new Session("t", dir);
        StringBuilder csv = new StringBuilder("a,b,c,y\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i).append(',').append(i * 2.5).append(',').append(100 - i).append(',').append(i * 0.5 + 0.25).append('\n');
        }
        Map<String, Object> info = Transfers.upload(s, csv.toString().getBytes(StandardCharsets.UTF_8), null);
        assertEquals("regression", info.get("problem"));
        Map<String, Object> m = s.settings().toMap();
        m.put("dataset", "csv");
        m.put("problem", "regression");
        m.put("csvX", 2);
        m.put("csvY", 0);
        s.configure(Settings.read(m));
        Map<String, Object> spec = Recipe.spec(s.settings(), s.data(), 0);
        assertEquals(List.of(Map.of("kind", "standardize")), ((Map<?, ?>) spec.get("data")).get("transforms"));
        assertEquals(Map.of("name", "mse"), spec.get("loss"));
        Files.writeString(dir.resolve("data.csv"), Transfers.dataCsv(s));
        Experiment.load(Files.writeString(dir.resolve("spec.json"), Json.write(spec))); // parses: names and keys all known
        assertEquals(List.of("a", "b", "c"), s.data().names());
    }
}
