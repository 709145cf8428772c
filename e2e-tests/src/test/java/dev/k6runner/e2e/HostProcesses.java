package dev.k6runner.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** The processes on this host, seen through {@code /proc} as any of their users sees them (a runner's k6 and its sandbox). */
final class HostProcesses {

    private HostProcesses() {
    }

    /** The ids of the processes whose command line contains every one of the texts. */
    static List<Long> naming(String... texts) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(entry -> {
                        String line = commandLine(entry);
                        return Arrays.stream(texts).allMatch(line::contains);
                    })
                    .map(entry -> Long.parseLong(entry.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String commandLine(Path process) {
        try {
            return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // ended meanwhile, or not ours to read
        }
    }
}
