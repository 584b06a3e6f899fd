package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Syntax errors in the terms of someone who wrote the JSON by hand, not of Gson's Java API. */
class JsonTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name: x                  | text that is not JSON     | line 1, column 1",
        "{'a': 1}                 | text that is not JSON     | line 1, column 3",
        "{\"a\": 1 \"b\": 2}      | expected ',' or '}'       | line 1, column 10",
        "[1 2]                    | expected ',' or ']'       | line 1, column 5",
        "{\"a\": \"x               | without its closing       | line 1",
        "{\"a\": 1,               | the text ends             | line 1",
        "{\"a\": }                | expected a value          | line 1, column 7"})
    void syntaxErrorsSayWhatAndWhere(String text, String what, String where) {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(text));
        assertTrue(e.problem().startsWith("invalid JSON: "), e.problem());
        assertTrue(e.problem().contains(what) && e.problem().contains(where), e.problem());
        assertFalse(e.problem().matches("(?s).*(JsonReader|Strictness|See http|path \\$).*"), e.problem());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"[1, 2]|2", "{\"a\": {\"b\": null}}|1"})
    void validJsonStillParses(String text, int size) throws Exception {
        Object v = Json.parse(text);
        assertEquals(size, v instanceof java.util.List<?> l ? l.size() : ((java.util.Map<?, ?>) v).size());
    }
}
