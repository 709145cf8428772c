package dev.k6runner.testsupport.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Where the repository and its runnable jars are; the end-to-end tests, the benchmark and the soak start every service from them. */
public final class Repository {

    private static final int FIRST_PORT = 20_000;
    private static final int LAST_PORT = 32_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

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

    /**
     * A loopback port no one listens on, for a service started later. Below Linux's ephemeral range (32768–60999), so
     * the outgoing connection of some client cannot take it before the service binds it (a port the kernel chose for
     * {@code new ServerSocket(0)} is in that range); random, checked free, and never handed out twice by this JVM.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST_PORT, LAST_PORT);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + FIRST_PORT + " and " + LAST_PORT);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port)); // every address: the services' management ports may listen on all
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
