package dev.k6runner.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and its runnable jars are; the end-to-end tests, the benchmark and the soak start every service from them. */
public final class Repository {

    private Repository() {
    }

    public static Path root() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.exists(directory.resolve("mvnw"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("not inside the repository (no mvnw above " + Path.of("").toAbsolutePath() + ")");
        }
        return directory;
    }

    /** The module's {@code *-exec.jar}, built by the reactor (e2e-tests) or by scripts/benchmark.sh and scripts/soak.sh. */
    public static Path execJar(String module) {
        Path target = root().resolve(module).resolve("target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        } catch (IOException e) {
            throw new IllegalStateException("no " + target + ": build it with ./mvnw -pl " + module + " -am package", e);
        }
        throw new IllegalStateException("no runnable jar in " + target + ": build it with ./mvnw -pl " + module + " -am package");
    }

    public static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
