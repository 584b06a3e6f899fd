package dev.nabla.house;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The team's habit, kept by a test: a main source file over {@value #MAX_LINES} lines usually holds two
 * ideas. One that truly holds one is listed in tools/long-files.txt with the reason; a listed file that
 * has come back under the budget must leave the list, so the list stays short and true.
 */
class FileBudgetTest {
    static final int MAX_LINES = 400;

    @Test
    void mainFilesStayUnderTheBudgetOrSayWhyNot() throws Exception {
        Path root = Repository.root();
        Map<String, String> listed = listed(root.resolve("tools/long-files.txt"));
        List<String> problems = new ArrayList<>();
        for (Path src : Repository.mainSourceRoots()) {
            for (Path file : Repository.javaFiles(src)) {
                String rel = root.relativize(file).toString();
                long lines = Files.readAllLines(file).size();
                if (lines > MAX_LINES && !listed.containsKey(rel)) {
                    problems.add(rel + " has " + lines + " lines (budget " + MAX_LINES
                            + "): split it, or list it in tools/long-files.txt with the reason");
                }
                if (lines <= MAX_LINES && listed.containsKey(rel)) {
                    problems.add(rel + " has " + lines + " lines, within the budget: take it off tools/long-files.txt");
                }
                listed.remove(rel);
            }
        }
        listed.keySet().forEach(f -> problems.add("tools/long-files.txt lists " + f + ", which does not exist"));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** {@code path  reason} per line; blank lines and lines starting with # are skipped. */
    private static Map<String, String> listed(Path file) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+", 2);
            assertTrue(parts.length == 2 && !parts[1].isBlank(), "tools/long-files.txt: '" + l + "' gives no reason");
            out.put(parts[0], parts[1]);
        }
        return out;
    }
}
