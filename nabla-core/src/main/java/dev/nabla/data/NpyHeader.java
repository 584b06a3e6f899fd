package dev.nabla.data;

import dev.nabla.data.BinaryArrays.Code;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated .npy header: the magic {@code \x93NUMPY}, a version (1.0, 2.0 or 3.0), the header's length
 * (2 bytes little-endian in 1.0, 4 in 2.0 and 3.0), and a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}.
 *
 * <p>The dict is parsed by a small parser for exactly that literal grammar (strings, True/False, tuples
 * of integers), never evaluated. Every claim is checked: the length against the bytes available, the
 * keys (exactly descr, fortran_order and shape, as NumPy requires), the dtype, and the shape's element
 * count against the data actually present.
 */
record NpyHeader(String descr, Code code, ByteOrder order, boolean fortranOrder, int[] shape, int count, long dataStart) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy itself refuses headers over 10,000 bytes by default; a megabyte leaves room for any real shape. */
    static final int MAX_HEADER_BYTES = 1 << 20;
    /** NumPy 2's limit on axes (NPY_MAXDIMS); a longer shape cannot come from NumPy. */
    static final int MAX_RANK = 64;
    private static final Pattern DESCR = Pattern.compile("([<>|=]?)([a-zA-Z])(\\d+)");
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    /** Bytes of data the header promises. */
    long dataBytes() {
        return (long) count * code.bytes;
    }

    /**
     * Reads the header from {@code in}; {@code available} is the total size of the source when known
     * (a file), or -1 (a zip entry). {@code what} prefixes messages ("" or "entry 'x.npy': ").
     */
    static NpyHeader read(InputStream in, long available, Path file, String what) throws IOException {
        byte[] pre = in.readNBytes(8);
        if (pre.length < 6 || !Arrays.equals(Arrays.copyOf(pre, 6), MAGIC)) {
            throw new DataFormatException(file, what + "not a .npy file: expected the magic \\x93NUMPY, found "
                    + (pre.length < 6 ? "only " + pre.length + " bytes" : hex(pre, 6)));
        }
        if (pre.length < 8) {
            throw new DataFormatException(file, what + "truncated: the file ends inside the version number");
        }
        int major = pre[6] & 0xFF;
        int minor = pre[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new DataFormatException(file, what + "unsupported .npy version " + major + "." + minor
                    + " (Nabla reads 1.0, 2.0 and 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] len = in.readNBytes(lengthBytes);
        if (len.length < lengthBytes) {
            throw new DataFormatException(file, what + "truncated: the file ends inside the header length");
        }
        long headerLength = major == 1 ? ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF
                : ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
        long dataStart = 8 + lengthBytes + headerLength;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new DataFormatException(file, what + "header length " + headerLength + " is over the "
                    + MAX_HEADER_BYTES + "-byte limit (a corrupt file?)");
        }
        if (available >= 0 && dataStart > available) {
            throw new DataFormatException(file, what + "truncated: the header length says " + headerLength
                    + " bytes, but the file has " + (available - 8 - lengthBytes) + " after it");
        }
        byte[] text = in.readNBytes((int) headerLength);
        if (text.length < headerLength) {
            throw new DataFormatException(file, what + "truncated: the header length says " + headerLength
                    + " bytes, but the data ends after " + text.length);
        }
        NpyHeader h = parse(decode(text, major, file, what), dataStart, file, what);
        if (available >= 0 && available - dataStart != h.dataBytes()) {
            boolean shorter = available - dataStart < h.dataBytes();
            throw new DataFormatException(file, what + (shorter ? "truncated" : "trailing bytes") + ": dtype '" + h.descr()
                    + "' and shape " + Arrays.toString(h.shape()) + " need " + h.dataBytes() + " bytes of data, but the file has "
                    + (available - dataStart));
        }
        return h;
    }

    private static String decode(byte[] text, int major, Path file, String what) throws DataFormatException {
        if (major < 3) {
            return new String(text, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(text)).toString();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file, what + "the version 3.0 header is not valid UTF-8");
        }
    }

    private static NpyHeader parse(String text, long dataStart, Path file, String what) throws DataFormatException {
        Map<String, Object> dict = new Literal(text, file, what).dict();
        for (String key : KEYS) {
            if (!dict.containsKey(key)) {
                throw new DataFormatException(file, what + "the header dict has no '" + key + "' (expected exactly descr, "
                        + "fortran_order and shape): " + Literal.clip(text));
            }
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new DataFormatException(file, what + "descr should be a dtype string such as '<f4', got "
                    + show(dict.get("descr")));
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new DataFormatException(file, what + "fortran_order should be True or False, got "
                    + show(dict.get("fortran_order")));
        }
        if (!(dict.get("shape") instanceof long[] dims)) {
            throw new DataFormatException(file, what + "shape should be a tuple of integers, got "
                    + show(dict.get("shape")));
        }
        if (dims.length > MAX_RANK) {
            throw new DataFormatException(file, what + "shape has " + dims.length + " axes; NumPy arrays have at most " + MAX_RANK);
        }
        int count = BinaryArrays.elementCount(dims, file, what);
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) {
                throw new DataFormatException(file, what + "shape " + Arrays.toString(dims) + " has a size over " + Integer.MAX_VALUE);
            }
            shape[i] = (int) dims[i];
        }
        Matcher m = DESCR.matcher(descr);
        Code code = m.matches() ? code(m.group(2), m.group(3)) : null;
        if (code == null) {
            throw new DataFormatException(file, what + "dtype '" + descr + "' is not supported: Nabla reads floats (f2, f4, "
                    + "f8), signed and unsigned integers (i1 to i8, u1 to u8) and bool (b1)"
                    + (descr.contains("O") ? "; object arrays are pickled Python objects and are never read" : ""));
        }
        ByteOrder order = switch (m.group(1)) {
            case "<" -> ByteOrder.LITTLE_ENDIAN;
            case ">" -> ByteOrder.BIG_ENDIAN;
            default -> ByteOrder.nativeOrder(); // '=', '|' or none: the writer's native order, as NumPy reads it
        };
        return new NpyHeader(descr, code, order, fortran, shape, count, dataStart);
    }

    private static Code code(String kind, String size) {
        return switch (kind + size) {
            case "f2" -> Code.F16;
            case "f4" -> Code.F32;
            case "f8" -> Code.F64;
            case "i1" -> Code.I8;
            case "i2" -> Code.I16;
            case "i4" -> Code.I32;
            case "i8" -> Code.I64;
            case "u1" -> Code.U8;
            case "u2" -> Code.U16;
            case "u4" -> Code.U32;
            case "u8" -> Code.U64;
            case "b1" -> Code.BOOL;
            default -> null;
        };
    }

    private static String show(Object v) {
        return switch (v) {
            case long[] t -> "the tuple " + Arrays.toString(t);
            case String str -> "the string '" + str + "'";
            default -> String.valueOf(v);
        };
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) {
            s.append(String.format("%s%02x", i == 0 ? "" : " ", b[i] & 0xFF));
        }
        return s.toString();
    }

    /** A parser for the header's literal: a dict of string keys to strings, booleans and integer tuples. */
    private static final class Literal {
        private final String s;
        private final Path file;
        private final String what;
        private int i;

        Literal(String s, Path file, String what) {
            this.s = s;
            this.file = file;
            this.what = what;
        }

        static String clip(String text) {
            String t = text.strip();
            return t.length() > 200 ? t.substring(0, 200) + "..." : t;
        }

        Map<String, Object> dict() throws DataFormatException {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            while (peek() != '}') {
                String key = string();
                expect(':');
                if (!KEYS.contains(key) || out.containsKey(key)) {
                    throw fail((out.containsKey(key) ? "key '" + key + "' appears twice" : "unknown key '" + key + "'")
                            + " (expected exactly descr, fortran_order and shape)");
                }
                out.put(key, value());
                if (peek() != ',') {
                    break;
                }
                i++;
            }
            expect('}');
            if (peek() != -1) {
                throw fail("text after the closing '}'");
            }
            return out;
        }

        private Object value() throws DataFormatException {
            int c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (c == '[') {
                throw new DataFormatException(file, what + "a list in the header (a structured dtype's fields?) is not "
                        + "supported; Nabla reads plain numeric arrays: " + clip(s));
            }
            for (String word : new String[] {"True", "False"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("True");
                }
            }
            throw fail("expected a string, a tuple, True or False");
        }

        private long[] tuple() throws DataFormatException {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (peek() != ')') {
                dims.add(integer());
                if (peek() != ',') {
                    break;
                }
                i++;
            }
            expect(')');
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private long integer() throws DataFormatException {
            int start = i;
            if (peek() == '-') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            String digits = s.substring(start, i);
            if (i < s.length() && s.charAt(i) == 'L') {
                i++; // Python 2 wrote long integers as 3L
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw fail(digits.isEmpty() || digits.equals("-") ? "expected an integer in the shape"
                        : "shape size " + digits + " overflows a 64-bit integer");
            }
        }

        private String string() throws DataFormatException {
            int q = peek();
            if (q != '\'' && q != '"') {
                throw fail("expected a quoted string");
            }
            int end = s.indexOf(q, i + 1);
            if (end < 0 || s.substring(i + 1, end).contains("\\")) {
                throw fail(end < 0 ? "a string is never closed" : "escapes in strings are not supported");
            }
            String v = s.substring(i + 1, end);
            i = end + 1;
            return v;
        }

        private void expect(char c) throws DataFormatException {
            if (peek() != c) {
                throw fail("expected '" + c + "'");
            }
            i++;
        }

        /** The next non-space character, or -1 at the end. */
        private int peek() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return i < s.length() ? s.charAt(i) : -1;
        }

        private DataFormatException fail(String message) {
            String found = i < s.length() ? "'" + s.charAt(i) + "'" : "the end";
            return new DataFormatException(file, what + "malformed header dict at character " + i + ": " + message
                    + ", found " + found + " in " + clip(s));
        }
    }
}
