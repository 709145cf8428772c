package dev.k6runner.deploychecks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Navigation in parsed YAML without casts spread over every test. */
final class Yamls {

    private Yamls() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalStateException("expected a mapping, got " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?>)) {
            throw new IllegalStateException("expected a list, got " + value);
        }
        return (List<Object>) value;
    }

    static Map<String, Object> map(Map<String, Object> parent, String... path) {
        Object value = parent;
        for (String key : path) {
            value = map(value).get(key);
        }
        return map(value);
    }

    static List<Map<String, Object>> maps(Object value) {
        return list(value).stream().map(Yamls::map).toList();
    }

    static String string(Map<String, Object> parent, String... path) {
        Object value = parent;
        for (String key : path) {
            value = map(value).get(key);
        }
        return value == null ? null : String.valueOf(value);
    }

    /** Nested keys as Spring sees them: {@code server: {port: 1}} becomes {@code server.port = 1}. */
    static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", tree, flat);
        return flat;
    }

    private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> flat) {
        tree.forEach((key, value) -> {
            String name = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name, map(nested), flat);
            } else if (value instanceof List<?> items) {
                for (int i = 0; i < items.size(); i++) {
                    flat.put(name + "[" + i + "]", items.get(i));
                }
            } else {
                flat.put(name, value);
            }
        });
    }
}
