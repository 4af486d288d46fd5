package io.fedblend.client.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;

/**
 * Renders the server's round records as an aligned text table. It knows the usual columns and puts them first but
 * takes whatever fields the records carry: nested objects become dotted columns, missing fields stay blank.
 */
public final class RoundTable {

    static final List<String> LEADING = List.of("round", "status", "alpha", "accuracy", "loss", "clients", "samples");
    /** Same on every row of one run, shown once above the table instead. */
    private static final String RUN = "runId";
    private static final Set<String> FOUR_DECIMALS = Set.of("alpha", "accuracy", "loss");

    private RoundTable() {
    }

    /** The rounds: a JSON array of objects, or an object holding one under "rounds". */
    public static String render(JsonNode json) {
        JsonNode rounds = json.isObject() && json.has("rounds") ? json.get("rounds") : json;
        if (!rounds.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of rounds, got " + rounds.getNodeType());
        }
        List<Map<String, JsonNode>> rows = new ArrayList<>();
        for (JsonNode round : rounds) {
            Map<String, JsonNode> row = new LinkedHashMap<>();
            flatten("", round, row);
            rows.add(row);
        }
        if (rows.isEmpty()) {
            return "no rounds recorded yet\n";
        }
        String title = "";
        Set<String> runs = new LinkedHashSet<>();
        rows.forEach(r -> runs.add(r.containsKey(RUN) ? r.get(RUN).asText() : ""));
        if (runs.size() == 1 && !runs.contains("")) {
            title = "run " + runs.iterator().next() + ", " + rows.size() + " round record(s)\n";
            rows.forEach(r -> r.remove(RUN));
        }
        List<String> columns = columns(rows);
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.toArray(String[]::new));
        for (Map<String, JsonNode> row : rows) {
            cells.add(columns.stream().map(c -> format(c, row.get(c))).toArray(String[]::new));
        }
        return title + layout(columns, rows, cells);
    }

    private static List<String> columns(List<Map<String, JsonNode>> rows) {
        Set<String> seen = new LinkedHashSet<>();
        rows.forEach(r -> seen.addAll(r.keySet()));
        // hashes are for machines; --json shows them
        seen.removeIf(c -> c.toLowerCase().contains("sha256"));
        List<String> columns = new ArrayList<>();
        for (String known : LEADING) {
            if (seen.remove(known)) {
                columns.add(known);
            }
        }
        columns.addAll(seen);
        return columns;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> row) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), row);
            }
        } else {
            row.put(prefix.isEmpty() ? "value" : prefix, node);
        }
    }

    static String format(String column, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        if (value.isNumber()) {
            String leaf = column.substring(column.lastIndexOf('.') + 1);
            if (FOUR_DECIMALS.contains(leaf)) {
                return String.format(Locale.ROOT, "%.4f", value.doubleValue());
            }
            BigDecimal rounded = value.decimalValue().setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
            return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(v.isValueNode() ? v.asText() : v.toString()));
            return String.join(",", parts);
        }
        return value.asText();
    }

    private static String layout(List<String> columns, List<Map<String, JsonNode>> rows, List<String[]> cells) {
        int[] width = new int[columns.size()];
        boolean[] numeric = new boolean[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            String column = columns.get(c);
            numeric[c] = rows.stream().map(r -> r.get(column))
                    .allMatch(v -> v == null || v.isNull() || v.isNumber());
            for (String[] line : cells) {
                width[c] = Math.max(width[c], line[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] line : cells) {
            StringBuilder out = new StringBuilder();
            for (int c = 0; c < line.length; c++) {
                if (c > 0) {
                    out.append("  ");
                }
                String pad = " ".repeat(width[c] - line[c].length());
                out.append(numeric[c] ? pad + line[c] : line[c] + pad);
            }
            text.append(out.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
