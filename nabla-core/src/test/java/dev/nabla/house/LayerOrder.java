package dev.nabla.house;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layer order of nabla-core as docs/design.md writes it: the first fenced block under "## Layers in
 * nabla-core", one layer per line (its name first, then two or more spaces and what it holds), top first,
 * and allowed upward uses as lines {@code a -> b}.
 */
final class LayerOrder {
    private static final Pattern LAYER = Pattern.compile("^([a-z]+)\\s{2,}\\S.*");
    private static final Pattern EXCEPTION = Pattern.compile("^([a-z]+) -> ([a-z]+)\\b.*");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.nabla\\.([a-z]+)\\b");

    private final List<String> layers;
    private final Set<String> allowedUpward;

    private LayerOrder(List<String> layers, Set<String> allowedUpward) {
        this.layers = List.copyOf(layers);
        this.allowedUpward = Set.copyOf(allowedUpward);
    }

    static LayerOrder fromDesignNotes(String markdown) {
        int section = markdown.indexOf("## Layers in nabla-core");
        if (section < 0) {
            throw new IllegalStateException("docs/design.md has no section '## Layers in nabla-core'");
        }
        int open = markdown.indexOf("```", section);
        int close = markdown.indexOf("```", open + 3);
        if (open < 0 || close < 0) {
            throw new IllegalStateException("the section '## Layers in nabla-core' has no fenced block of layers");
        }
        List<String> layers = new ArrayList<>();
        Set<String> upward = new LinkedHashSet<>();
        for (String line : markdown.substring(markdown.indexOf('\n', open) + 1, close).split("\n")) {
            Matcher e = EXCEPTION.matcher(line);
            Matcher l = LAYER.matcher(line);
            if (e.matches()) {
                upward.add(e.group(1) + "->" + e.group(2));
            } else if (l.matches()) {
                layers.add(l.group(1));
            }
        }
        return new LayerOrder(layers, upward);
    }

    List<String> layers() {
        return layers;
    }

    /** The violations in one main source file under {@code root} (its layer is its first folder). */
    List<String> violations(Path root, Path file) {
        Path rel = root.relativize(file);
        String layer = rel.getNameCount() > 1 ? rel.getName(0).toString() : "";
        return violations(layer, rel.toString(), Repository.read(file));
    }

    List<String> violations(String layer, String where, String source) {
        List<String> out = new ArrayList<>();
        int own = layers.indexOf(layer);
        String[] lines = codeOnly(source).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("package ")) {
                continue;
            }
            Matcher m = REFERENCE.matcher(lines[i]);
            Set<String> seen = new LinkedHashSet<>();
            while (m.find()) {
                String used = m.group(1);
                if (used.equals(layer) || !seen.add(used)) {
                    continue;
                }
                int other = layers.indexOf(used);
                boolean ok = own >= 0 && other >= 0 && (other < own || allowedUpward.contains(layer + "->" + used));
                if (!ok) {
                    out.add(where + ":" + (i + 1) + ": uses dev.nabla." + used + ", which "
                            + (own < 0 ? "is from a package missing from the layer order ('" + layer + "')"
                            : other < 0 ? "is not in the layer order" : "is below " + layer));
                }
            }
        }
        return out;
    }

    /** The source with comments and string/char literals blanked, line breaks kept (for line numbers). */
    static String codeOnly(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') i++;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                s.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> b.append('\n'));
                i = end;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? s.length() : end + 3;
                s.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> b.append('\n'));
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(j + 1, s.length());
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }
}
