package dev.k6runner.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One service of the pipeline, started from its runnable jar as its own process, exactly as
 * run-local.sh and the container images start it: configured by environment variables only.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String module;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(String module, int port, Path log, Process process) {
        this.module = module;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static ServiceProcess start(String module, Path logDirectory, Map<String, String> environment) throws IOException {
        int port = freePort();
        Path log = logDirectory.resolve(module + "-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", runnableJar(module).toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("SERVER_ADDRESS", "127.0.0.1");
        return new ServiceProcess(module, port, log, builder.start());
    }

    /** Waits until the service's liveness and readiness say UP. */
    ServiceProcess awaitReady() {
        await("%s ready (log: %s)".formatted(module, log)).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(module + " exited with " + process.exitValue() + "; log:\n" + tail());
                    }
                    return status("/actuator/health/readiness") == 200;
                });
        return this;
    }

    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the process gets no chance to clean up, like a host that dies. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
    }

    /** Everything the service has logged so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM: the service shuts down gracefully (a runner stops its k6 runs). */
    void terminate() {
        process.destroy();
    }

    /** Waits for a terminated service, and SIGKILLs it and its children after the grace period. */
    void awaitExit(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        terminate();
        awaitExit(Duration.ofSeconds(15));
    }

    private static Path runnableJar(String module) throws IOException {
        Path target = repositoryRoot().resolve(module).resolve("target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IllegalStateException("no runnable jar in " + target + ": build it with ./mvnw -pl " + module + " -am package");
    }

    static Path repositoryRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.exists(directory.resolve("mvnw"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("not inside the repository");
        }
        return directory;
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
