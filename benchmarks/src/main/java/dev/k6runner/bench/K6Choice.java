package dev.k6runner.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.k6runner.bench.process.StandinWrapper;

/** Real k6 when it is on PATH (or K6_BINARY), else the stand-in at recorded speed, for both sides alike. */
record K6Choice(Path path, String description) {

    /** False for the stand-in, which replays recordings instead of sending requests. */
    boolean real() {
        return !description.startsWith("the k6 stand-in") && !path.toString().contains("standin");
    }

    static K6Choice find(Path binDirectory) {
        String configured = System.getenv("K6_BINARY");
        if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
            return new K6Choice(Path.of(configured).toAbsolutePath(), "K6_BINARY " + configured);
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path k6 = Path.of(directory.isEmpty() ? "." : directory, "k6");
            if (Files.isExecutable(k6)) {
                return new K6Choice(k6.toAbsolutePath(), "real k6 at " + k6);
            }
        }
        return new K6Choice(StandinWrapper.install(binDirectory, 1.0, null),
                "the k6 stand-in at recorded speed (no k6 on this host) on BOTH sides");
    }
}
