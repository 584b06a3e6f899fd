package dev.nabla.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records by RFC 4180: fields separated by the delimiter, records by CRLF or LF,
 * fields optionally enclosed in double quotes, inside which delimiters and line breaks are data and a
 * doubled quote ({@code ""}) stands for one. A quote inside an unquoted field, or text after a closing
 * quote, is refused rather than guessed at: both usually mean a quoting mistake a few cells earlier.
 *
 * <p>Blank lines (empty or only spaces) are skipped (pandas does the same), and a UTF-8 byte order mark at the start is dropped
 * (spreadsheet programs write one). Each record carries the 1-based line it starts on, for messages.
 */
final class CsvRecords {
    /** A single field this long is not data but a quote that was never closed. */
    static final int MAX_FIELD_CHARS = 1 << 20;

    /** One record's fields (quotes removed) and the line it starts on. */
    record Record(long line, List<String> fields) {}

    private final Reader in;
    private final char delimiter;
    private final Path file;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private long line = 1;
    private boolean started;

    CsvRecords(Reader in, char delimiter, Path file) {
        this.in = in;
        this.delimiter = delimiter;
        this.file = file;
    }

    /** The next non-blank record, or null at the end of the text. */
    Record next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                pos++;
            }
        }
        while (peek() != -1) {
            Record r = record();
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** Reads one record, up to and including its line break; null for a blank line. */
    private Record record() throws IOException {
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            int c = read();
            if (c == -1 || c == '\n' || c == '\r') {
                if (c == '\r' && peek() == '\n') {
                    pos++;
                }
                if (c != -1) {
                    line++;
                }
                if (fields.isEmpty() && !quoted && field.toString().isBlank()) {
                    return null;
                }
                fields.add(field.toString());
                return new Record(start, fields);
            }
            if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                quoted = false;
            } else if (quoted) {
                if (c != ' ' && c != '\t') {
                    throw new DataFormatException(file, "line " + line + ", field " + (fields.size() + 1) + ": text after "
                            + "the closing quote of a quoted field (found '" + (char) c + "'; expected the delimiter or a line end)");
                }
            } else if (c == '"') {
                if (!field.toString().isBlank()) {
                    throw new DataFormatException(file, "line " + line + ", field " + (fields.size() + 1)
                            + ": a double quote inside an unquoted field (RFC 4180: quote the whole field and double "
                            + "the quotes inside it, as in \"5'11\"\"\")");
                }
                field.setLength(0);
                quoted(field, fields.size() + 1);
                quoted = true;
            } else {
                append(field, (char) c, start);
            }
        }
    }

    /** Reads a quoted field's content after its opening quote, through its closing quote. */
    private void quoted(StringBuilder field, int index) throws IOException {
        long opened = line;
        while (true) {
            int c = read();
            if (c == -1) {
                throw new DataFormatException(file, "line " + opened + ", field " + index
                        + ": the quoted field opened here is never closed (the file ends inside it)");
            }
            if (c == '"') {
                if (peek() != '"') {
                    return;
                }
                pos++;
            } else if (c == '\n' || c == '\r' && peek() != '\n') {
                line++;
            }
            append(field, (char) c, opened);
        }
    }

    private void append(StringBuilder field, char c, long start) throws DataFormatException {
        if (field.length() >= MAX_FIELD_CHARS) {
            throw new DataFormatException(file, "line " + start + ": a field is over " + MAX_FIELD_CHARS
                    + " characters (a quote that is never closed?)");
        }
        field.append(c);
    }

    private int read() throws IOException {
        int c = peek();
        if (c != -1) {
            pos++;
        }
        return c;
    }

    private int peek() throws IOException {
        while (pos == len) {
            len = in.read(buf);
            pos = 0;
            if (len < 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos];
    }
}
