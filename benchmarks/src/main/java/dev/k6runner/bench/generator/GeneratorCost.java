package dev.k6runner.bench.generator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.k6runner.bench.confinement.Nginx;
import dev.k6runner.bench.report.Report;
import dev.k6runner.runner.execution.RunnerK6Run;

/**
 * Issue 18's generator ratio: the request rate of a runner's k6 against the same k6 run plainly, side by side in one
 * run. Each round runs one 20-VU test against a local nginx plainly (the runner's command line without
 * {@code --out}), then through the runner's own path (the same line writing {@code --out json} to a named pipe that
 * the runner's {@code MetricStreamFolder} folds in this process as k6 writes), then each candidate; the order
 * rotates by round, so the machine's drift falls on every side alike. Each rate is divided by its round's plain rate.
 */
public final class GeneratorCost {

    static final int VUS = 20;
    private static final Pattern HTTP_REQS_RATE = Pattern.compile("\"http_reqs\"\\s*:\\s*\\{[^}]*\"rate\"\\s*:\\s*([0-9.eE+-]+)");

    private final Path k6;
    private final Path folder;
    private final int rounds;
    private final int seconds;

    public GeneratorCost(Path k6, Path folder, int rounds, int seconds) {
        this.k6 = k6;
        this.folder = folder;
        this.rounds = rounds;
        this.seconds = seconds;
    }

    public void measure(Report report) throws Exception {
        Files.createDirectories(folder);
        List<Variant> variants = Variant.all();
        Map<Variant, List<Double>> ratios = new LinkedHashMap<>();
        Map<Variant, List<Double>> rates = new LinkedHashMap<>();
        List<Double> plainRates = new ArrayList<>();
        try (Nginx nginx = Nginx.start(folder.resolve("nginx"))) {
            String script = "import http from 'k6/http';\n"
                    + "export default function () { http.get('http://127.0.0.1:" + nginx.port() + "/'); }\n";
            for (int round = 0; round < rounds; round++) {
                Map<Variant, Double> measured = round(script, variants, round);
                double plain = measured.get(Variant.PLAIN);
                plainRates.add(plain);
                for (Variant variant : variants.subList(1, variants.size())) {
                    ratios.computeIfAbsent(variant, _ -> new ArrayList<>()).add(measured.get(variant) / plain);
                    rates.computeIfAbsent(variant, _ -> new ArrayList<>()).add(measured.get(variant));
                }
                System.out.printf("generator: round %d (load %s): %s%n", round, Load.average(), describe(measured, plain));
            }
        }
        ratios.forEach((variant, values) -> report.add("generator", variant.label(), Range.of(values).ratio()
                        + " (" + Range.of(rates.get(variant)).rate() + ")", "plain k6 run " + Range.of(plainRates).rate(),
                variant.goal(), VUS + " VUs for " + seconds + " s against nginx on loopback, " + rounds
                        + " rounds, order rotated; load average at the end " + Load.average()));
    }

    private Map<Variant, Double> round(String script, List<Variant> variants, int round) throws Exception {
        Map<Variant, Double> measured = new LinkedHashMap<>();
        for (int i = 0; i < variants.size(); i++) {
            Variant variant = variants.get((i + round) % variants.size());
            RunnerK6Run.Result result = RunnerK6Run.run(k6, folder.resolve("work"), script, VUS, seconds,
                    variant.extraFlags(), variant.output(), environment(folder));
            measured.put(variant, rate(result.summaryExport()));
        }
        return measured;
    }

    private static String describe(Map<Variant, Double> measured, double plain) {
        StringBuilder line = new StringBuilder("plain %.0f req/s".formatted(plain));
        measured.forEach((variant, rate) -> {
            if (variant != Variant.PLAIN) {
                line.append("; %s %.0f (%.3f×)".formatted(variant.shortName(), rate, rate / plain));
            }
        });
        return line.toString();
    }

    static double rate(String summaryExport) {
        Matcher rate = summaryExport == null ? null : HTTP_REQS_RATE.matcher(summaryExport);
        if (rate == null || !rate.find()) {
            throw new IllegalStateException("no http_reqs rate in k6's summary export");
        }
        return Double.parseDouble(rate.group(1));
    }

    /** What the runner gives every run: a clean environment. */
    private static Map<String, String> environment(Path home) {
        return Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString(), "TMPDIR", home.toString());
    }
}
