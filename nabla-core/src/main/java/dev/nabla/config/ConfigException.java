package dev.nabla.config;

/**
 * A refused setting, located by where it was read: {@code $.model.layers[2].units: must be > 0, got -3}.
 * The path is kept apart from the problem so a tool can highlight it.
 *
 * <p>A settings record refuses a value in its constructor before anyone knows where the value came from;
 * it throws {@link #of(String, String, String)}, which names the record and the key
 * ({@code Dense: units must be > 0, got -3}, the message a Java caller sees). A {@link ConfigReader} that
 * built the record then re-locates it under the object it was reading ({@link #under}), so the same
 * check serves the Java API, model files and experiment specs.
 */
public class ConfigException extends IllegalArgumentException {
    private final String path;
    private final String problem;
    private final boolean relative;

    public ConfigException(String path, String problem) {
        this(path, problem, null);
    }

    public ConfigException(String path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
        this.problem = problem;
        this.relative = false;
    }

    private ConfigException(String owner, String key, String problem, boolean relative) {
        super(owner + ": " + key + " " + problem);
        this.path = key;
        this.problem = problem;
        this.relative = relative;
    }

    /** A record's refusal of its setting {@code key}: {@code Adam: eps must be > 0, got 0.0}. */
    public static ConfigException of(String owner, String key, String problem) {
        return new ConfigException(owner, key, problem, true);
    }

    /** Where the mistake is: {@code $.model.layers[2].units} (or the key alone, before it is located). */
    public String path() {
        return path;
    }

    /** What is wrong there, without the path. */
    public String problem() {
        return problem;
    }

    /**
     * This refusal located under the object at {@code objectPath}: a record's key becomes
     * {@code objectPath.key}; a refusal that already has its place is returned as is.
     */
    public ConfigException under(String objectPath) {
        return relative ? new ConfigException(objectPath + "." + path, problem, this) : this;
    }
}
