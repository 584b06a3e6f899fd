package dev.nabla.playground;

/**
 * The caps that bound what one tab can cost the server; the page states them (from {@link #asMap}), and
 * every request beyond one is refused with a message naming the cap.
 */
public final class Limits {
    /** Hidden layers: TensorFlow Playground's 6, and two more. */
    public static final int MAX_LAYERS = 8;
    /** Neurons per hidden layer: twice TensorFlow Playground's 8. */
    public static final int MAX_UNITS = 16;
    /** Weights and biases in all: keeps one update, and the per-neuron maps, cheap (8 full layers of 16 are over it). */
    public static final int MAX_PARAMETERS = 2_000;
    /** Updates (batches) per second for one tab: its share of the CPU. */
    public static final int MAX_STEPS_PER_SECOND = 500;
    /** Bytes of an uploaded CSV or model file. */
    public static final int MAX_UPLOAD_BYTES = 1 << 20;
    /** Rows of an uploaded CSV. */
    public static final int MAX_ROWS = 20_000;
    /** Columns of an uploaded CSV (features and label). */
    public static final int MAX_COLUMNS = 32;
    /** Classes of a classification set. */
    public static final int MAX_CLASSES = 10;
    /** Tabs open at once: more are refused rather than slowing every tab. */
    public static final int MAX_SESSIONS = 64;
    /** Seconds a tab's session lives with no open event stream and no request. */
    public static final int IDLE_SECONDS = 30;
    /** Frames per second streamed to a tab. */
    public static final int FRAMES_PER_SECOND = 10;

    private Limits() {}

    /** The caps as the page shows them. */
    public static java.util.Map<String, Object> asMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("maxLayers", MAX_LAYERS);
        m.put("maxUnits", MAX_UNITS);
        m.put("maxParameters", MAX_PARAMETERS);
        m.put("maxStepsPerSecond", MAX_STEPS_PER_SECOND);
        m.put("maxUploadBytes", MAX_UPLOAD_BYTES);
        m.put("maxRows", MAX_ROWS);
        m.put("maxColumns", MAX_COLUMNS);
        m.put("maxSessions", MAX_SESSIONS);
        m.put("idleSeconds", IDLE_SECONDS);
        m.put("framesPerSecond", FRAMES_PER_SECOND);
        return m;
    }
}
