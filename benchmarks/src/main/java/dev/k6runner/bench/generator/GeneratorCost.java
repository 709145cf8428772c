package dev.k6runner.bench.generator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.k6runner.bench.confinement.Nginx;
import dev.k6runner.bench.report.Report;
import dev.k6runner.runner.execution.RunnerK6Run;

/**
 * Issue 18's generator ratio: the request rate of a runner's k6 against the same k6 run plainly, side by side in one
 * run. Each round runs one 20-VU test against a local nginx plainly (the runner's command line without
 * {@code --out}), then through the runner's own path (the same line writing {@code --out json} to a named pipe that
 * the runner's {@code MetricStreamFolder} folds in this process as k6 writes), before and with the runner's
 * {@code --system-tags}, then k6's other outputs unread ({@code json}, {@code csv} to /dev/null, the built-in
 * prometheus remote write to a loopback sink); the order rotates by round, so the machine's drift falls on every side
 * alike. Each rate is divided by its round's plain rate; k6's and the fold's CPU per request are printed beside it.
 */
public final class GeneratorCost {

    static final int VUS = 20;

    private final Path k6;
    private final Path folder;
    private final int rounds;
    private final int seconds;
    private List<Variant> variants = Variant.all();

    public GeneratorCost(Path k6, Path folder, int rounds, int seconds) {
        this.k6 = k6;
        this.folder = folder;
        this.rounds = rounds;
        this.seconds = seconds;
    }

    /**
     * By hand, without the rest of the benchmark: {@code GeneratorCost <k6> <folder> <rounds> <seconds> [variants]},
     * variants as their short names, comma-separated ({@code plain,runner,runner+tags}); all by default.
     */
    public static void main(String[] args) throws Exception {
        Report report = new Report("generator only, load average at the start " + Load.average());
        GeneratorCost cost = new GeneratorCost(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]));
        cost.variants = args.length > 4 ? Variant.named(List.of(args[4].split(","))) : Variant.all();
        cost.measure(report);
        System.out.println(report.markdown());
    }

    public void measure(Report report) throws Exception {
        Files.createDirectories(folder);
        Map<Variant, List<Measured>> measured = new LinkedHashMap<>();
        try (Nginx nginx = Nginx.start(folder.resolve("nginx")); RemoteWriteSink sink = new RemoteWriteSink()) {
            String script = "import http from 'k6/http';\n"
                    + "export default function () { http.get('http://127.0.0.1:" + nginx.port() + "/'); }\n";
            for (int round = 0; round < rounds; round++) {
                Map<Variant, Measured> runs = round(script, variants, round, sink.url());
                runs.forEach((variant, run) -> measured.computeIfAbsent(variant, _ -> new ArrayList<>()).add(run));
                System.out.printf("generator: round %d (load %s): %s%n", round, Load.average(), describe(runs));
            }
            System.out.printf("generator: the remote-write receiver got %d pushes, %,d bytes%n", sink.pushes(), sink.bytes());
        }
        List<Measured> plain = measured.get(Variant.PLAIN);
        String conditions = VUS + " VUs for " + seconds + " s against nginx on loopback, " + rounds
                + " rounds, order rotated; load average at the end " + Load.average();
        for (Variant variant : variants) {
            List<Measured> runs = measured.get(variant);
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < runs.size(); round++) {
                ratios.add(runs.get(round).rate() / plain.get(round).rate());
            }
            String cpu = "k6 CPU " + Range.of(runs.stream().map(Measured::k6MicrosPerRequest).toList()).micros()
                    + ", fold CPU " + Range.of(runs.stream().map(Measured::foldMicrosPerRequest).toList()).micros();
            report.add("generator", variant.label(), (variant == Variant.PLAIN ? "" : Range.of(ratios).ratio() + "; ")
                    + Range.of(runs.stream().map(Measured::rate).toList()).rate() + "; " + cpu,
                    variant == Variant.PLAIN ? "-" : "plain k6 run, same rounds", variant.goal(), conditions);
        }
    }

    private Map<Variant, Measured> round(String script, List<Variant> variants, int round, String receiver) throws Exception {
        Map<Variant, Measured> measured = new LinkedHashMap<>();
        for (int i = 0; i < variants.size(); i++) {
            Variant variant = variants.get((i + round) % variants.size());
            RunnerK6Run.Result result = RunnerK6Run.run(k6, folder.resolve("work"), script, VUS, seconds,
                    variant.extraFlags(), variant.output(), environment(folder, variant, receiver));
            measured.put(variant, Measured.of(result));
        }
        return measured;
    }

    private static String describe(Map<Variant, Measured> runs) {
        double plain = runs.get(Variant.PLAIN).rate();
        StringBuilder line = new StringBuilder();
        runs.forEach((variant, run) -> line.append("; %s %.0f req/s (%.3f×, k6 %.0f µs CPU/req, fold %.0f)".formatted(
                variant.shortName(), run.rate(), run.rate() / plain, run.k6MicrosPerRequest(), run.foldMicrosPerRequest())));
        return line.substring(2);
    }

    /** What the runner gives every run, a clean environment, plus the variant's output settings. */
    private static Map<String, String> environment(Path home, Variant variant, String receiver) {
        Map<String, String> environment = new LinkedHashMap<>(
                Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString(), "TMPDIR", home.toString()));
        variant.environment().forEach((key, value) -> environment.put(key, value.replace(Variant.RECEIVER, receiver)));
        return environment;
    }
}
