package dev.k6runner.bench.process;

import java.util.LinkedHashMap;
import java.util.Map;

/** KEY=VALUE lines, as the local cluster writes its ready marker. */
public final class EnvFile {

    private EnvFile() {
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return values;
    }
}
