package dev.nabla.cli;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The little JSON the commands write: quoted strings, numbers, arrays. Not a parser. */
final class Json {
    private Json() {}

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A number, or null for NaN and the infinities, which JSON cannot write. */
    static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    static String ints(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    /** An array of already-written JSON values, on one line. */
    static String array(List<String> values) {
        return values.stream().collect(Collectors.joining(", ", "[", "]"));
    }
}
