package dev.k6runner.runner.sandbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Finds a program as a shell would: a path as given, or a name on PATH. */
public final class Executables {

    private Executables() {
    }

    /** The absolute path of an executable file named or found on PATH, or empty. */
    public static Optional<String> find(String nameOrPath) {
        if (nameOrPath.contains("/")) {
            Path path = Path.of(nameOrPath).toAbsolutePath();
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path.toString()) : Optional.empty();
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        return Arrays.stream(pathVariable.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, nameOrPath))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .map(candidate -> candidate.toAbsolutePath().toString())
                .findFirst();
    }
}
