package dev.riskgate.rules;

import dev.riskgate.scoring.LineItem;
import dev.riskgate.state.Resale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which goods criminals buy to resell, from {@code resale-goods.csv}: rows match a {@code category} or
 * a {@code sku} and name a group (tobacco, gift_card, ...) and how many units one item is (a carton is
 * 1; a pack of cigarettes listed by SKU is 0.1). A SKU row wins over a category row.
 */
public final class ResaleCatalog {

    public static final String FILE = "resale-goods.csv";

    private record Entry(String group, double units) {
    }

    private final Map<String, Entry> bySku;
    private final Map<String, Entry> byCategory;

    private ResaleCatalog(Map<String, Entry> bySku, Map<String, Entry> byCategory) {
        this.bySku = Map.copyOf(bySku);
        this.byCategory = Map.copyOf(byCategory);
    }

    /** Resale goods in a basket, one entry per group, in the catalog's order of first appearance. */
    public List<Resale> classify(List<LineItem> items) {
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (LineItem item : items) {
            Entry e = bySku.get(item.sku());
            if (e == null && item.category() != null) {
                e = byCategory.get(item.category().toLowerCase(Locale.ROOT));
            }
            if (e != null) {
                double[] t = totals.computeIfAbsent(e.group(), g -> new double[2]);
                t[0] += e.units() * item.quantity();
                t[1] += item.unitPrice().doubleValue() * item.quantity();
            }
        }
        List<Resale> out = new ArrayList<>();
        totals.forEach((group, t) -> out.add(new Resale(group, t[0], t[1])));
        return out;
    }

    static ResaleCatalog load(Path dir, List<CompileError> errors) {
        Path file = dir.resolve(FILE);
        Map<String, Entry> bySku = new HashMap<>();
        Map<String, Entry> byCategory = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            errors.add(new CompileError(FILE, null, null, "missing: the pack needs its resale goods list"));
            return new ResaleCatalog(bySku, byCategory);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            errors.add(new CompileError(FILE, null, null, "unreadable: " + e.getMessage()));
            return new ResaleCatalog(bySku, byCategory);
        }
        boolean header = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                if (!line.replace(" ", "").equalsIgnoreCase("match,value,group,units_per_item")) {
                    errors.add(new CompileError(FILE, i + 1, null,
                            "the first row must be the header match,value,group,units_per_item"));
                    return new ResaleCatalog(bySku, byCategory);
                }
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 4) {
                errors.add(new CompileError(FILE, i + 1, null, "expected 4 cells, found " + cells.length));
                continue;
            }
            String match = cells[0].trim().toLowerCase(Locale.ROOT);
            String value = cells[1].trim();
            String group = cells[2].trim();
            double units;
            try {
                units = Double.parseDouble(cells[3].trim());
            } catch (NumberFormatException e) {
                units = Double.NaN;
            }
            if (!(units > 0 && units <= 1000)) {
                errors.add(new CompileError(FILE, i + 1, null, "units_per_item must be in the range (0, 1000], was '" + cells[3].trim() + "'"));
                continue;
            }
            if (value.isEmpty() || group.isEmpty()) {
                errors.add(new CompileError(FILE, i + 1, null, "value and group must not be empty"));
                continue;
            }
            switch (match) {
                case "sku" -> bySku.put(value, new Entry(group, units));
                case "category" -> byCategory.put(value.toLowerCase(Locale.ROOT), new Entry(group, units));
                default -> errors.add(new CompileError(FILE, i + 1, null, "match must be 'sku' or 'category', was '" + cells[0].trim() + "'"));
            }
        }
        return new ResaleCatalog(bySku, byCategory);
    }
}
