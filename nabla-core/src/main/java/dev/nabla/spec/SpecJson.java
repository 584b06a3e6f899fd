package dev.nabla.spec;

import dev.nabla.io.Json;

/** The spec's JSON: {@link Json}'s strict reader (duplicate keys refused), its errors as spec errors. */
final class SpecJson {
    private SpecJson() {}

    /** Parses one JSON document; syntax errors become a {@link SpecException} at the path where they occur. */
    static Object parse(String text) {
        try {
            return Json.parse(text);
        } catch (Json.JsonException e) {
            throw new SpecException(e.path(), e.problem(), e);
        }
    }

    /** Compact JSON of maps, lists, strings, numbers, booleans and null (doubles round-trip exactly). */
    static String write(Object value) {
        return Json.write(value);
    }
}
