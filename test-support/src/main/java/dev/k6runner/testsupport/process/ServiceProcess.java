package dev.k6runner.testsupport.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A service started from its runnable jar, configured by environment variables only, as run-local.sh does: the
 * API on {@link #port()} ({@code PORT}), actuator on {@link #managementPort()} ({@code MANAGEMENT_PORT}).
 */
public final class ServiceProcess extends ManagedProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;
    private final int managementPort;

    private ServiceProcess(String name, Path log, Process process, int port, int managementPort) {
        super(name, log, process);
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * @param module   api-gateway, runner-worker or analyzer-worker
     * @param jvmFlags e.g. -Xmx384m
     */
    public static ServiceProcess start(String name, String module, Path logDirectory, Map<String, String> environment,
                                       List<String> jvmFlags) {
        int port = Repository.freePort();
        int managementPort = Repository.freePort();
        List<String> command = new ArrayList<>(List.of(Repository.javaExecutable()));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", Repository.execJar(module).toString()));
        Map<String, String> env = new HashMap<>(environment);
        env.put("PORT", String.valueOf(port));
        env.put("MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("SERVER_ADDRESS", "127.0.0.1");
        Path log = logDirectory.resolve(name + ".log");
        return new ServiceProcess(name, log, launch(name, command, env, log), port, managementPort);
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    /** A path on the API port. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A path on the management port (actuator). */
    public URI managementUrl(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** Waits until readiness says UP; fails with the log's tail when the process exits or time runs out. */
    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IllegalStateException(name() + " exited during start; log " + log() + ":\n" + tail(40));
            }
            if (status(managementUrl("/actuator/health/readiness")) == 200) {
                return this;
            }
            Sleep.millis(300);
        }
        throw new IllegalStateException(name() + " not ready after " + timeout + "; log " + log() + ":\n" + tail(40));
    }

    /** The status of a GET on the API port, -1 when the service does not answer. */
    public int status(String path) {
        return status(url(path));
    }

    /** The status of a GET of any URL, -1 when nothing answers. */
    public int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The body of a GET on the API port, or null when the service does not answer. */
    public String get(String path) {
        return get(url(path));
    }

    /** The body of a GET on the management port (e.g. /actuator/prometheus), or null when it does not answer. */
    public String management(String path) {
        return get(managementUrl(path));
    }

    private static String get(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
