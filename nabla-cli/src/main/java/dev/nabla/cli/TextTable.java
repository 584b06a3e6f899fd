package dev.nabla.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header, a rule, and rows, each column as wide as its widest cell. */
final class TextTable {

    enum Align { LEFT, RIGHT }

    private static final String GAP = "  ";

    private final List<String> headers = new ArrayList<>();
    private final List<Align> aligns = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    TextTable column(String header, Align align) {
        headers.add(header);
        aligns.add(align);
        return this;
    }

    void row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("table row: expected " + headers.size() + " cells, got " + cells.length);
        }
        rows.add(cells.clone());
    }

    void print(PrintWriter out) {
        int[] widths = widths();
        out.println(line(headers.toArray(String[]::new), widths));
        String[] rule = new String[widths.length];
        for (int c = 0; c < widths.length; c++) {
            rule[c] = "-".repeat(widths[c]);
        }
        out.println(line(rule, widths));
        for (String[] r : rows) {
            out.println(line(r, widths));
        }
    }

    private int[] widths() {
        int[] w = new int[headers.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = headers.get(c).length();
            for (String[] r : rows) {
                w[c] = Math.max(w[c], r[c].length());
            }
        }
        return w;
    }

    private String line(String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(widths[c] - cells[c].length());
            b.append(c == 0 ? "" : GAP);
            b.append(aligns.get(c) == Align.RIGHT ? pad + cells[c] : cells[c] + pad);
        }
        return b.toString().stripTrailing();
    }
}
