package dev.k6runner.deploychecks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** deploy/metrics-catalog.txt: each metric's Prometheus name and type (counter, gauge, timer). */
record MetricsCatalog(Map<String, String> types) {

    static final String FILE = "deploy/metrics-catalog.txt";
    private static final Pattern METRIC = Pattern.compile("\\bk6runner_[a-z0-9_]+");

    static MetricsCatalog load() {
        Map<String, String> types = new LinkedHashMap<>();
        Arrays.stream(Repo.read(FILE).split("\n"))
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .forEach(line -> {
                    String[] columns = line.split("\\s+");
                    types.put(columns[0], columns[1]);
                });
        return new MetricsCatalog(types);
    }

    /** The catalogue name a series name belongs to: a timer's {@code _bucket}, {@code _count}, … are its own. */
    String owner(String series) {
        if (types.containsKey(series)) {
            return series;
        }
        for (String suffix : new String[] {"_bucket", "_count", "_sum", "_max"}) {
            if (series.endsWith(suffix)) {
                String base = series.substring(0, series.length() - suffix.length());
                if ("timer".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return null;
    }

    static Set<String> seriesNamedIn(String promQl) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(promQl);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }
}
