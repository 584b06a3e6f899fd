package dev.nabla.spec;

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
 * Strict JSON to plain Java values and back, on Gson's streaming API. Gson's object mapper is not used:
 * it keeps the last of two duplicate keys silently (a spec could then say two things about one
 * setting), and its numbers are all doubles. Objects become {@code LinkedHashMap}s (file order), arrays
 * {@code List}s, integer literals {@code Long}s, other numbers {@code Double}s.
 *
 * <p>(The io package has the same reader for model files, package-private; this copy keeps spec errors
 * in the spec's own terms: a JSON path and a line.)
 */
final class SpecJson {
    private static final int MAX_DEPTH = 64;

    private SpecJson() {}

    /** Parses one JSON document; syntax errors become a {@link SpecException} at the path where they occur. */
    static Object parse(String text) {
        JsonReader r = new JsonReader(new StringReader(text));
        r.setStrictness(Strictness.STRICT);
        try {
            Object value = read(r, 0);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new SpecException(r.getPath(), "unexpected content after the JSON document");
            }
            return value;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new SpecException(r.getPath(), "invalid JSON: " + e.getMessage(), e);
        }
    }

    private static Object read(JsonReader r, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new SpecException(r.getPath(), "nested deeper than " + MAX_DEPTH + " levels");
        }
        return switch (r.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                r.beginObject();
                while (r.hasNext()) {
                    String key = r.nextName();
                    if (m.containsKey(key)) {
                        throw new SpecException(r.getPath(), "duplicate key '" + key + "'");
                    }
                    m.put(key, read(r, depth + 1));
                }
                r.endObject();
                yield m;
            }
            case BEGIN_ARRAY -> {
                List<Object> list = new ArrayList<>();
                r.beginArray();
                while (r.hasNext()) {
                    list.add(read(r, depth + 1));
                }
                r.endArray();
                yield list;
            }
            case STRING -> r.nextString();
            case NUMBER -> number(r.nextString());
            case BOOLEAN -> r.nextBoolean();
            case NULL -> {
                r.nextNull();
                yield null;
            }
            default -> throw new SpecException(r.getPath(), "unexpected " + r.peek());
        };
    }

    private static Number number(String literal) {
        if (literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException beyondLong) {
                // fall through: a double, which range checks then refuse
            }
        }
        return Double.parseDouble(literal);
    }

    /** Compact JSON of maps, lists, strings, numbers, booleans and null (doubles round-trip exactly). */
    static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            w.setStrictness(Strictness.STRICT);
            w.setHtmlSafe(false);
            write(w, value);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    private static void write(JsonWriter w, Object value) throws IOException {
        switch (value) {
            case null -> w.nullValue();
            case String s -> w.value(s);
            case Boolean b -> w.value(b);
            case Double d -> w.value(d.doubleValue());
            case Float f -> w.value(f.doubleValue());
            case Number n -> w.value(n.longValue());
            case Map<?, ?> m -> {
                w.beginObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    w.name(String.valueOf(e.getKey()));
                    write(w, e.getValue());
                }
                w.endObject();
            }
            case List<?> list -> {
                w.beginArray();
                for (Object item : list) {
                    write(w, item);
                }
                w.endArray();
            }
            default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getSimpleName() + " as JSON");
        }
    }
}
