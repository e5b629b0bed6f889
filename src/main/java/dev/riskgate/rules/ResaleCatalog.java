package dev.riskgate.rules;

import dev.riskgate.event.LineItem;
import dev.riskgate.rules.facts.Goods;
import dev.riskgate.state.Resale;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which goods in a basket resell easily, and how much of them there is. Tills spell categories their own
 * way ("Gift Card", "giftcard", "e-money card", "cigarettes", "vape"), so {@code categories.csv} maps
 * every spelling, compared after {@link #normalise folding}, to a group of {@link Goods} or to
 * {@code other}. Tobacco is measured in cartons by value ({@code tobacco.carton_value} yen to a carton):
 * the 7pay thieves' 146 cartons cost ¥730,000, and ten ¥600 packs under their own unlisted SKU are 1.2
 * cartons, not ten. {@code resale-goods.csv} optionally lists SKUs, which win over the category and may
 * say exactly how many units an item is; listing them is a refinement, never needed for a right answer.
 */
public final class ResaleCatalog {

    public static final String SKU_FILE = "resale-goods.csv";
    public static final String CATEGORY_FILE = "categories.csv";
    static final String OTHER = "other";

    /** A listed SKU: its group and, when given, how many of the group's units one item is. */
    private record Listed(Goods goods, Double units) {
    }

    /** The resale goods of a basket, and the categories in it nobody recognises (as sent, for analysts). */
    public record Classified(List<Resale> resale, List<String> unrecognisedCategories) {
    }

    private final Map<String, Listed> bySku;
    /** Normalised spelling to group; {@code Optional.empty()} for recognised everyday goods. */
    private final Map<String, Optional<Goods>> byCategory;
    private final double cartonValue;

    private ResaleCatalog(Map<String, Listed> bySku, Map<String, Optional<Goods>> byCategory, double cartonValue) {
        this.bySku = Map.copyOf(bySku);
        this.byCategory = Map.copyOf(byCategory);
        this.cartonValue = cartonValue;
    }

    /** Resale goods in a basket, one entry per group, plus the categories the list does not know. */
    public Classified classify(List<LineItem> items) {
        Map<Goods, double[]> totals = new EnumMap<>(Goods.class);
        List<String> unknown = List.of();
        for (LineItem item : items) {
            double value = item.unitPrice().doubleValue() * item.quantity();
            Listed listed = bySku.get(item.sku());
            Goods goods;
            double units;
            if (listed != null) {
                goods = listed.goods();
                units = listed.units() != null ? listed.units() * item.quantity() : measure(goods, item, value);
            } else {
                if (item.category() == null) {
                    continue;
                }
                Optional<Goods> group = byCategory.get(normalise(item.category()));
                if (group == null) {
                    unknown = unknown.isEmpty() ? new ArrayList<>() : unknown;
                    unknown.add(item.category());
                    continue;
                }
                if (group.isEmpty()) {
                    continue;
                }
                goods = group.get();
                units = measure(goods, item, value);
            }
            double[] t = totals.computeIfAbsent(goods, g -> new double[2]);
            t[0] += units;
            t[1] += value;
        }
        List<Resale> out = new ArrayList<>(totals.size());
        totals.forEach((goods, t) -> out.add(new Resale(goods.wireName(), t[0], t[1])));
        return new Classified(out, unknown);
    }

    private double measure(Goods goods, LineItem item, double value) {
        return switch (goods) {
            case TOBACCO -> value / cartonValue;
            case GIFT_CARD -> item.quantity();
        };
    }

    /** Case folded (after NFKC, so full-width letters match), without spaces, hyphens or underscores. */
    static String normalise(String category) {
        String folded = Normalizer.normalize(category, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && c != '-' && c != '_' && c != '\u2010'
                    && c != '\u2011' && c != '\u2212' && c != '\u30fc') {
                out.append(c);
            }
        }
        return out.toString();
    }

    static ResaleCatalog load(Path dir, Parameters params, List<CompileError> errors) {
        double cartonValue = params.has(CARTON_VALUE) ? params.get(CARTON_VALUE) : Double.NaN;
        if (!(cartonValue >= 100 && cartonValue <= 1_000_000)) {
            errors.add(new CompileError(Parameters.FILE, null, null,
                    CARTON_VALUE + " must be in the range [100, 1000000] yen, was " + cartonValue));
        }
        Map<String, Optional<Goods>> byCategory = new HashMap<>();
        for (PackCsv.Row row : PackCsv.read(dir, CATEGORY_FILE, "spelling,group", 2, true, errors)) {
            String spelling = normalise(row.cells()[0]);
            String group = row.cells()[1].trim();
            Optional<Goods> goods = Goods.of(group);
            if (spelling.isEmpty()) {
                errors.add(row.error("spelling must not be empty"));
            } else if (goods.isEmpty() && !group.equalsIgnoreCase(OTHER)) {
                errors.add(row.error("group must be one of " + groupNames() + " or " + OTHER + ", was '" + group + "'"));
            } else if (byCategory.containsKey(spelling) && !byCategory.get(spelling).equals(goods)) {
                errors.add(row.error("'" + row.cells()[0].trim() + "' is already mapped to another group"));
            } else {
                byCategory.put(spelling, goods);
            }
        }
        Map<String, Listed> bySku = new HashMap<>();
        for (PackCsv.Row row : PackCsv.read(dir, SKU_FILE, "sku,group,units_per_item", 3, false, errors)) {
            String sku = row.cells()[0].trim();
            Optional<Goods> goods = Goods.of(row.cells()[1]);
            String unitsCell = row.cells()[2].trim();
            Double units = null;
            if (!unitsCell.isEmpty()) {
                try {
                    units = Double.parseDouble(unitsCell);
                } catch (NumberFormatException e) {
                    units = Double.NaN;
                }
            }
            if (sku.isEmpty()) {
                errors.add(row.error("sku must not be empty"));
            } else if (goods.isEmpty()) {
                errors.add(row.error("group must be one of " + groupNames() + ", was '" + row.cells()[1].trim() + "'"));
            } else if (units != null && !(units > 0 && units <= 1000)) {
                errors.add(row.error("units_per_item must be empty (measure by value) or in the range (0, 1000], was '" + unitsCell + "'"));
            } else {
                bySku.put(sku, new Listed(goods.get(), units));
            }
        }
        return new ResaleCatalog(bySku, byCategory, cartonValue);
    }

    static final String CARTON_VALUE = "tobacco.carton_value";

    private static String groupNames() {
        List<String> names = new ArrayList<>();
        for (Goods g : Goods.values()) {
            names.add(g.wireName());
        }
        return String.join(", ", names);
    }
}
