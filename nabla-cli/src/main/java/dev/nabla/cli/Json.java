package dev.nabla.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** JSON output of the commands, through Gson (already on the class path through nabla-core). */
final class Json {
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting().create();

    private Json() {}

    /** Maps, lists, strings and numbers as pretty-printed JSON. */
    static String write(Object value) {
        return GSON.toJson(value);
    }

    /** A number, or null for NaN and the infinities, which JSON cannot write. */
    static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
