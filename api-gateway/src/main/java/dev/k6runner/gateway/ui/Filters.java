package dev.k6runner.gateway.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The run list's query as given: to fill the filter form back, and to carry the filters to the next page. */
record Filters(Map<String, String[]> query) {

    String one(String name) {
        String[] values = query.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    /** Whether the parameter holds the value (statuses may also come comma-separated, as search takes them). */
    boolean has(String name, String value) {
        String[] values = query.get(name);
        return values != null && Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).anyMatch(value::equals);
    }

    /** The query with one parameter set (replacing what it had), encoded for a link. */
    static String queryWith(Map<String, String[]> query, String name, String value) {
        List<String> pairs = new ArrayList<>();
        query.forEach((key, values) -> {
            if (!key.equals(name)) {
                Arrays.stream(values).forEach(v -> pairs.add(encode(key) + "=" + encode(v)));
            }
        });
        pairs.add(encode(name) + "=" + encode(value));
        return String.join("&", pairs);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
