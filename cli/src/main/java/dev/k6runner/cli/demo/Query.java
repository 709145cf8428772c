package dev.k6runner.cli.demo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The query parameters of a demo request; a bad value falls back to the default, as a toy server may. */
record Query(Map<String, String> parameters) {

    /** Longest sleep any endpoint accepts, so a typo cannot park a request for hours. */
    static final long MAX_MILLIS = 60_000;

    static Query of(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
                }
            }
        }
        return new Query(parameters);
    }

    long millis(String name, long fallback) {
        try {
            long value = Long.parseLong(parameters.getOrDefault(name, Long.toString(fallback)));
            return Math.clamp(value, 0, MAX_MILLIS);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    double probability(String name, double fallback) {
        try {
            double value = Double.parseDouble(parameters.getOrDefault(name, Double.toString(fallback)));
            return Math.clamp(value, 0.0, 1.0);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
