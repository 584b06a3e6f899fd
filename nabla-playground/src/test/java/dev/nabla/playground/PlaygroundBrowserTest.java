package dev.nabla.playground;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.NoGrad;
import dev.nabla.spec.TrainedModel;
import dev.nabla.tensor.Tensor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

/**
 * The playground in a real headless Chromium: what a user does, step by step, with a screenshot of each
 * state in target/playground-screenshots/. One browser and one server for the class (start-up is most of
 * the cost); the tests run in order, as one visit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaygroundBrowserTest {
    private static PlaygroundServer server;
    private static Browser browser;
    private static String base;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = PlaygroundServer.start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port() + "/";
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void load(String url) throws InterruptedException {
        browser.driver.get("about:blank"); // a URL differing only in its hash would not reload the page
        browser.driver.get(url);
        browser.await("the first frame", 20, () -> browser.number("return window.playground.frames") > 0);
    }

    private static String sessionId() {
        return (String) browser.js("return window.playground.id");
    }

    /** Clicks, again if the page redrew the element in between (the network is rebuilt when its shape changes). */
    private static void click(String id) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                browser.driver.findElement(By.id(id)).click();
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean running() {
        return Boolean.TRUE.equals(browser.js("return window.playground.frame && window.playground.frame.running"));
    }

    @Test
    @Order(1)
    void xorTrainsBelowATenthOfTestLoss() throws Exception {
        load(base);
        browser.screenshot("01-loaded");
        click("dataset-xor");
        browser.await("the XOR set", 10, () -> "xor".equals(browser.js("return window.playground.settings.dataset")));
        click("play");
        // the bound: 300 epochs of 25 updates (batch 10, 250 training points), 15 s at the step cap
        browser.await("test loss below 0.1", 40, () -> browser.number("return window.playground.frame.testLoss") < 0.1);
        double epoch = browser.number("return window.playground.frame.epoch");
        click("play");
        browser.await("pause", 10, () -> !running());
        assertTrue(epoch <= 300, "XOR took " + epoch + " epochs to a test loss under 0.1");
        assertTrue(Double.parseDouble(browser.driver.findElement(By.id("testLoss")).getText()) < 0.1);
        browser.screenshot("02-xor-trained");
    }

    @Test
    @Order(2)
    void theExportedModelGivesThePagesPredictions() throws Exception {
        String id = sessionId();
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                base + "api/session/" + id + "/model")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        Path file = Files.write(dir.resolve("xor.safetensors"), r.body());
        TrainedModel loaded = TrainedModel.load(file);
        Session session = server.sessions().get(id);
        Tensor grid = session.data().grid(20);
        Tensor expected;
        synchronized (session) {
            session.model().eval();
            try (NoGrad ignored = NoGrad.enter()) {
                expected = session.model().forward(grid);
            } finally {
                session.model().train();
            }
        }
        assertEquals(java.util.List.of("x1", "x2"), loaded.featureNames());
        assertArrayEquals(expected.toFloatArray(), loaded.predict(grid).toFloatArray());
    }

    @Test
    @Order(3)
    void addALayerAndANeuron() throws Exception {
        click("addLayer");
        browser.await("three hidden layers", 10, () -> browser.number("return window.playground.settings.layers.length") == 3);
        click("addNeuron-0");
        browser.await("five neurons in the first layer", 10,
                () -> browser.number("return window.playground.settings.layers[0].units") == 5);
        browser.await("the frame of the new network", 10, () -> browser.number(
                "return window.playground.frame.network[0].weights.length") == 5);
        assertEquals(5, browser.driver.findElements(By.cssSelector("#layer-0 .node")).size());
        assertEquals(3, server.sessions().get(sessionId()).settings().layers().size());
        // a click on the link from x2 to the first layer's third neuron opens its editor (dispatched: links overlap)
        browser.js("document.getElementById('hit-0-1-2').dispatchEvent(new MouseEvent('click', {bubbles: true}))");
        browser.await("the weight editor", 5, () -> browser.driver.findElement(By.id("weightEditor")).isDisplayed());
        browser.driver.findElement(By.id("weightValue")).clear();
        browser.driver.findElement(By.id("weightValue")).sendKeys("2.5");
        click("weightSet");
        browser.await("the weight set", 10, () -> browser.number("return window.playground.frame.network[0].weights[2][1]") == 2.5);
        assertEquals(2.5f, server.sessions().get(sessionId()).dense().get(0).weight().value().toFloatArray()[2 * 2 + 1]);
        browser.screenshot("03-layer-and-neuron-added");
    }

    @Test
    @Order(4)
    void aStateUrlGivesTheSameNetwork() throws Exception {
        click("reset");
        // the edited weight (2.5, at epoch 0 too) goes back to its seeded value
        browser.await("the reset network", 10, () -> browser.number("return window.playground.frame.epoch") == 0
                && browser.number("return window.playground.frame.network[0].weights[2][1]") != 2.5);
        String url = browser.driver.getCurrentUrl();
        String first = (String) browser.js("return JSON.stringify(window.playground.frame.network)");
        String settings = (String) browser.js("return JSON.stringify(window.playground.settings)");
        String original = browser.driver.getWindowHandle();
        browser.driver.switchTo().newWindow(WindowType.TAB);
        load(url);
        assertEquals(settings, browser.js("return JSON.stringify(window.playground.settings)"));
        assertEquals(first, browser.js("return JSON.stringify(window.playground.frame.network)"));
        assertTrue(url.contains("layers=5%3Atanh%3A0"), url);
        browser.screenshot("04-state-url-opened");
        browser.driver.close();
        browser.driver.switchTo().window(original);
    }

    @Test
    @Order(5)
    void uploadACsvWithFourColumnsAndThreeClasses() throws Exception {
        StringBuilder csv = new StringBuilder("height,width,depth,kind\n");
        dev.nabla.tensor.Generator g = new dev.nabla.tensor.Generator(3);
        for (int i = 0; i < 300; i++) {
            int k = i % 3;
            csv.append(k * 2 + g.nextGaussian() * 0.5).append(',').append(k - g.nextGaussian() * 0.5).append(',')
                    .append(g.nextDouble()).append(',').append(new String[] {"a", "b", "c"}[k]).append('\n');
        }
        Path file = Files.writeString(dir.resolve("three.csv"), csv);
        browser.driver.findElement(By.id("csvFile")).sendKeys(file.toAbsolutePath().toString());
        browser.await("the uploaded set", 10, () -> "csv".equals(browser.js("return window.playground.settings.dataset"))
                && browser.number("return window.playground.frame.classes") == 3);
        assertEquals(java.util.List.of("height", "width", "depth"), browser.js("return window.playground.points.features"));
        click("play");
        browser.await("some training", 20, () -> browser.number("return window.playground.frame.epoch") >= 20);
        click("play");
        browser.await("pause", 10, () -> !running());
        browser.screenshot("05-csv-three-classes");
    }

    @Test
    @Order(6)
    void theSeeInsideViews() throws Exception {
        assertEquals(4.0, browser.number("return window.playground.frame.gradients.length"), "three hidden layers and the output");
        assertTrue(browser.driver.findElement(By.id("gradients")).getText().contains("layer 1: |g|"));
        click("vanishingDemo");
        browser.await("the vanishing-gradient demo", 30, () -> browser.driver.findElement(By.id("vanishingLegend")).getText()
                .contains("sigmoid, N(0, 1): first layer / output"));
        click("showPaths");
        browser.await("the optimizer paths", 30, () -> browser.driver.findElement(By.id("pathsLegend")).getText()
                .contains("adam lr="));
        browser.js("document.getElementById('inside').scrollIntoView()");
        browser.screenshot("06-see-inside");
        browser.js("window.scrollTo(0, 0)");
    }

    @Test
    @Order(7)
    void badInputIsSaidInThePageAndTheServerCarriesOn() throws Exception {
        Path big = Files.write(dir.resolve("big.csv"), new byte[Limits.MAX_UPLOAD_BYTES + 1]);
        browser.driver.findElement(By.id("csvFile")).sendKeys(big.toAbsolutePath().toString());
        browser.await("the size message", 10, () -> browser.message().contains("The CSV file is 1048577 bytes; the cap is 1048576 bytes"));
        browser.screenshot("07-oversized-upload");
        Path text = Files.writeString(dir.resolve("text.csv"), "x,y,label\n1,2,0\n3,four,1\n5,6,0\n7,8,1\n");
        browser.driver.findElement(By.id("csvFile")).sendKeys(text.toAbsolutePath().toString());
        browser.await("the text-in-a-number-column message", 10, () -> browser.message().contains("'four' is not a number"));
        assertTrue(browser.message().contains("row 3"), browser.message());
        browser.screenshot("08-text-in-number-column");
        load(base + "#dataset=circle&layers=40:tanh:0");
        assertTrue(browser.message().contains("40 neurons asked, the cap is 16"), browser.message());
        browser.screenshot("09-beyond-the-caps");
        load(base + "#%%garbage&&==");
        assertTrue(browser.message().contains("The state in the URL could not be read"), browser.message());
        browser.screenshot("10-garbage-state-url");
        // unharmed: the defaults train in this tab
        click("play");
        browser.await("training after all that", 20, () -> browser.number("return window.playground.frame.epoch") >= 5);
        assertEquals("circle", browser.js("return window.playground.settings.dataset"));
    }

    @Test
    @Order(8)
    void importTheExportedModelAndShowTheCode() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.safetensors"), "not a model");
        browser.driver.findElement(By.id("importFile")).sendKeys(junk.toAbsolutePath().toString());
        browser.await("the import message", 10, () -> browser.message().startsWith("The model file could not be read"));
        click("addLayer"); // so that the import visibly changes the network back
        browser.await("three hidden layers", 10, () -> browser.number("return window.playground.settings.layers.length") == 3);
        Path exported = dir.resolve("xor.safetensors"); // the XOR network exported above
        browser.driver.findElement(By.id("importFile")).sendKeys(exported.toAbsolutePath().toString());
        browser.await("the imported network", 10, () -> browser.number("return window.playground.settings.layers.length") == 2
                && browser.message().isEmpty());
        TrainedModel file = TrainedModel.load(exported);
        Session session = server.sessions().get(sessionId());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(((dev.nabla.nn.Dense) ((dev.nabla.nn.Sequential) file.model()).layers().get(i)).weight().value()
                    .toFloatArray(), session.dense().get(i).weight().value().toFloatArray());
        }
        click("showCode");
        browser.await("the code", 10, () -> browser.driver.findElement(By.id("specJson")).getText().contains("\"cross_entropy\""));
        assertTrue(browser.driver.findElement(By.id("javaCode")).getText().contains("Sequential.of("));
        browser.js("document.getElementById('code').scrollIntoView()");
        browser.screenshot("11-imported-and-the-code");
    }
}
