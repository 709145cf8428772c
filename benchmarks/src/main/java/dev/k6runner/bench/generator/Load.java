package dev.k6runner.bench.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's 1/5/15-minute load average: how noisy the machine was while a figure was taken. */
final class Load {

    private Load() {
    }

    static String average() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
