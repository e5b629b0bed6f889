package dev.riskgate.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the pack's small CSV files: '#' comments, a fixed header, a fixed number of cells per row. */
final class PackCsv {

    /** One data row, with its file and line for error messages. */
    record Row(String file, int line, String[] cells) {
        CompileError error(String message) {
            return new CompileError(file, line, null, message);
        }
    }

    private PackCsv() {
    }

    static List<Row> read(Path dir, String name, String header, int cells, boolean required, List<CompileError> errors) {
        Path file = dir.resolve(name);
        List<Row> rows = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            if (required) {
                errors.add(new CompileError(name, null, null, "missing: the pack needs this file"));
            }
            return rows;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            errors.add(new CompileError(name, null, null, "unreadable: " + e.getMessage()));
            return rows;
        }
        boolean seenHeader = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!seenHeader) {
                seenHeader = true;
                if (!line.replace(" ", "").equalsIgnoreCase(header)) {
                    errors.add(new CompileError(name, i + 1, null, "the first row must be the header " + header));
                    return rows;
                }
                continue;
            }
            String[] split = line.split(",", -1);
            if (split.length != cells) {
                errors.add(new CompileError(name, i + 1, null, "expected " + cells + " cells, found " + split.length));
                continue;
            }
            rows.add(new Row(name, i + 1, split));
        }
        return rows;
    }
}
