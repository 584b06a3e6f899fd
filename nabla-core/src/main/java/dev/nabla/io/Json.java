package dev.nabla.io;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for model files, on Gson's streaming reader and writer rather than its object mapper, for three
 * reasons: Gson's mapper keeps the last of two duplicate keys silently (a file could then say two things
 * about one tensor); it turns every number into a double (offsets past 2^53 would lose bits); and the
 * streaming API needs no reflection across module boundaries.
 *
 * <p>Values map to plain Java: objects to {@code LinkedHashMap} (file order), arrays to {@code List},
 * strings, booleans, null; integer literals to {@code Long} (a {@code Double} if beyond long), other
 * numbers to {@code Double} (parsed from the literal, so a written double reads back bit-identical,
 * -0.0 included).
 */
public final class Json {
    /** Deeper nesting than this is refused: a hostile header must not exhaust the stack. */
    private static final int MAX_DEPTH = 64;

    private Json() {}

    /** Malformed JSON: what is wrong ({@link #problem()}) and where ({@link #path()}, e.g. {@code $.layers[2]}). */
    public static final class JsonException extends Exception {
        private final String path;
        private final String problem;

        JsonException(String path, String problem) {
            super(problem + " at " + path);
            this.path = path;
            this.problem = problem;
        }

        public String path() {
            return path;
        }

        public String problem() {
            return problem;
        }
    }

    /** Parses one JSON value (surrounding whitespace allowed, nothing else). */
    public static Object parse(String text) throws JsonException {
        JsonReader r = new JsonReader(new StringReader(text));
        r.setStrictness(Strictness.STRICT);
        try {
            Object value = read(r, 0);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonException(r.getPath(), "unexpected content after the JSON value");
            }
            return value;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // Gson reports syntax errors as MalformedJsonException (an IOException) or IllegalStateException
            throw new JsonException(r.getPath(), "invalid JSON: " + syntaxError(e.getMessage()));
        }
    }

    private static final java.util.regex.Pattern GSON_ERROR =
            java.util.regex.Pattern.compile("(?s)(.*?) at line (\\d+) column (\\d+)(?: path \\S*)?(?:\\s+See https?://\\S+)?\\s*");

    /**
     * Gson's syntax error in the terms of someone who wrote the JSON by hand: Gson words it for the Java
     * programmer calling it ("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
     * then a link to its troubleshooting page), and repeats the path, which the caller gives already.
     */
    static String syntaxError(String gson) {
        java.util.regex.Matcher m = GSON_ERROR.matcher(gson == null ? "" : gson);
        if (!m.matches()) {
            return gson;
        }
        String problem = m.group(1);
        String what = problem.startsWith("Use JsonReader.setStrictness")
                ? "text that is not JSON (names and strings need double quotes; comments and trailing commas are not allowed)"
                : problem.startsWith("Unterminated object") ? "expected ',' or '}' (a missing comma?)"
                : problem.startsWith("Unterminated array") ? "expected ',' or ']' (a missing comma?)"
                : problem.startsWith("Unterminated string") ? "a string without its closing double quote"
                : problem.startsWith("Expected name") ? "expected a name in double quotes"
                : problem.startsWith("End of input") ? "the text ends before the JSON does (a missing '}' or ']'?)"
                : problem.startsWith("Expected value") ? "expected a value"
                : Character.toLowerCase(problem.charAt(0)) + problem.substring(1);
        return what + " at line " + m.group(2) + ", column " + m.group(3);
    }

    private static Object read(JsonReader r, int depth) throws IOException, JsonException {
        if (depth > MAX_DEPTH) {
            throw new JsonException(r.getPath(), "JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        return switch (r.peek()) {
            case BEGIN_OBJECT -> readObject(r, depth);
            case BEGIN_ARRAY -> readArray(r, depth);
            case STRING -> r.nextString();
            case NUMBER -> number(r.nextString());
            case BOOLEAN -> r.nextBoolean();
            case NULL -> {
                r.nextNull();
                yield null;
            }
            default -> throw new JsonException(r.getPath(), "unexpected " + r.peek());
        };
    }

    private static Map<String, Object> readObject(JsonReader r, int depth) throws IOException, JsonException {
        Map<String, Object> m = new LinkedHashMap<>();
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            if (m.containsKey(key)) {
                throw new JsonException(r.getPath(), "duplicate key \"" + key + "\"");
            }
            m.put(key, read(r, depth + 1));
        }
        r.endObject();
        return m;
    }

    private static List<Object> readArray(JsonReader r, int depth) throws IOException, JsonException {
        List<Object> list = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            list.add(read(r, depth + 1));
        }
        r.endArray();
        return list;
    }

    private static Number number(String literal) {
        boolean integral = literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0;
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooBig) {
                // beyond long: fall through to double, which range checks will then refuse
            }
        }
        return Double.parseDouble(literal);
    }

    /** Writes maps, lists, strings, numbers, booleans and null as compact JSON. */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            w.setStrictness(Strictness.STRICT);
            w.setHtmlSafe(false);
            write(w, value, "$");
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    private static void write(JsonWriter w, Object value, String path) throws IOException {
        switch (value) {
            case null -> w.nullValue();
            case String s -> w.value(s);
            case Boolean b -> w.value(b);
            case Double d -> w.value(finite(d, path));
            case Float f -> w.value(finite(f.doubleValue(), path));
            case Integer i -> w.value(i.longValue());
            case Long l -> w.value(l);
            case Short s -> w.value(s.longValue());
            case Byte b -> w.value(b.longValue());
            case Map<?, ?> m -> {
                w.beginObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey() + " at " + path);
                    }
                    w.name(key);
                    write(w, e.getValue(), path + "." + key);
                }
                w.endObject();
            }
            case List<?> list -> {
                w.beginArray();
                for (int i = 0; i < list.size(); i++) {
                    write(w, list.get(i), path + "[" + i + "]");
                }
                w.endArray();
            }
            default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getSimpleName()
                    + " as JSON at " + path + " (configs hold maps, lists, strings, numbers and booleans)");
        }
    }

    private static double finite(double d, String path) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON has no " + d + " (at " + path + ")");
        }
        return d;
    }
}
