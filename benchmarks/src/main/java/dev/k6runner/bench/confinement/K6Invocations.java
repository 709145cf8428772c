package dev.k6runner.bench.confinement;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.k6runner.runner.sandbox.Confinement;

/** k6 started plainly and inside a confinement, with the same arguments and the runner's clean environment. */
final class K6Invocations {

    private static final String TRIVIAL = "export default function () {}\n";
    private static final Pattern HTTP_REQS_RATE = Pattern.compile("\"http_reqs\"\\s*:\\s*\\{[^}]*\"rate\"\\s*:\\s*([0-9.eE+-]+)");

    private final Path k6;
    private final Path root;
    private final Confinement confinement;

    K6Invocations(Path k6, Path root, Confinement confinement) {
        this.k6 = k6;
        this.root = root;
        this.confinement = confinement;
    }

    /** Milliseconds of a trivial script's {@code k6 run}, plain. */
    double plainStart() throws Exception {
        Path folder = fresh("plain");
        long began = System.nanoTime();
        run(folder, List.of(k6.toString(), "run", "--address=", "--no-usage-report", "-q", "-i", "1", "script.js"), false);
        return (System.nanoTime() - began) / 1e6;
    }

    /**
     * Milliseconds of what the runner does before a trivial script's load: prepare, inspect (unless its answer is
     * known from an earlier run of the same script, env and overrides), then run, confined.
     */
    double confinedStart(boolean inspect) throws Exception {
        Path folder = fresh("confined");
        long began = System.nanoTime();
        confinement.cleanUp(0);
        confinement.prepare(folder, 0);
        if (inspect) {
            run(folder, List.of(k6.toString(), "inspect", "--execution-requirements", "--include-system-env-vars=true",
                    "script.js"), true);
        }
        run(folder, List.of(k6.toString(), "run", "--address=", "--no-usage-report", "--include-system-env-vars=true",
                "-q", "-i", "1", "script.js"), true);
        confinement.cleanUp(0);
        return (System.nanoTime() - began) / 1e6;
    }

    /** HTTP requests per second of 20 VUs for {@code seconds} against {@code port}, from k6's summary export. */
    double requestRate(boolean confined, int port, int seconds) throws Exception {
        Path folder = fresh(confined ? "rate-confined" : "rate-plain");
        Files.writeString(folder.resolve("script.js"), "import http from 'k6/http';\n"
                + "export default function () { http.get('http://127.0.0.1:" + port + "/'); }\n");
        if (confined) {
            confinement.cleanUp(0);
            confinement.prepare(folder, 0);
        }
        run(folder, List.of(k6.toString(), "run", "--address=", "--no-usage-report", "--include-system-env-vars=true", "-q",
                "--vus", "20", "--duration", seconds + "s", "--summary-export=" + folder.resolve("summary.json"), "script.js"),
                confined);
        Matcher rate = HTTP_REQS_RATE.matcher(Files.readString(folder.resolve("summary.json")));
        if (!rate.find()) {
            throw new IllegalStateException("no http_reqs rate in " + folder.resolve("summary.json"));
        }
        return Double.parseDouble(rate.group(1));
    }

    private Path fresh(String name) throws IOException {
        Path folder = root.resolve(name);
        ConfinementCost.deleteTree(folder);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("script.js"), TRIVIAL);
        return folder;
    }

    private void run(Path folder, List<String> command, boolean confined) throws Exception {
        Map<String, String> env = ConfinementCost.environment(folder);
        List<String> line = confined ? confinement.wrap(command, folder, env, 0) : new ArrayList<>(command);
        ProcessBuilder builder = new ProcessBuilder(line).directory(folder.toFile())
                .redirectOutput(folder.resolve("stdout.txt").toFile()).redirectError(folder.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", line) + " exited " + exit + ": "
                    + Files.readString(folder.resolve("stderr.txt")));
        }
    }
}
