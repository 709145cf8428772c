package dev.k6runner.deploychecks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of a test's own ({@code ip netns add}), with programs run inside it, deleted on close with
 * everything started in it. Every packet a test sends stays inside: the addresses it uses live on the namespace's
 * loopback. Also the probe program ({@code egress-probe.py}) in a folder every uid may read.
 */
final class NetworkNamespace implements AutoCloseable {

    /** What a program printed (stdout and stderr) and how it ended. */
    record Result(int exit, String output) {
        /** The probe's lines {@code <what> <outcome>} as a map. */
        Map<String, String> outcomes() {
            Map<String, String> outcomes = new LinkedHashMap<>();
            for (String line : output.split("\n")) {
                int space = line.lastIndexOf(' ');
                if (space > 0) {
                    outcomes.put(line.substring(0, space), line.substring(space + 1));
                }
            }
            return outcomes;
        }
    }

    final String name = "k6rt-" + UUID.randomUUID().toString().substring(0, 8);
    final Path probe;
    final String python = python();
    private final Path folder;
    private final List<Process> started = new ArrayList<>();

    private NetworkNamespace() throws IOException {
        folder = Files.createTempDirectory("k6runner-netns-");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        probe = folder.resolve("egress-probe.py");
        try (InputStream in = NetworkNamespace.class.getResourceAsStream("/egress-probe.py")) {
            Files.copy(in, probe);
        }
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
        host("ip", "netns", "add", name);
        require(run("ip", "link", "set", "lo", "up"));
    }

    /** Why these tests cannot run here, or null when they can: root, iproute2, nftables, util-linux, python3. */
    static String unavailable() {
        if (!"0".equals(uid())) {
            return "needs root: network namespaces, nftables rules and setpriv to other uids";
        }
        for (String tool : List.of("ip", "nft", "setpriv", "timeout")) {
            if (!onPath(tool)) {
                return "needs " + tool + " on PATH";
            }
        }
        return python() == null ? "needs python3 that any uid may run (/usr/bin/python3)" : null;
    }

    static NetworkNamespace create() {
        try {
            return new NetworkNamespace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds each address ({@code 10.1.2.3/32}, {@code fd12::5/128}) to the namespace's loopback. */
    void addAddresses(List<String> cidrs) {
        for (String cidr : cidrs) {
            require(cidr.contains(":") ? run("ip", "-6", "addr", "add", cidr, "dev", "lo", "nodad") : run("ip", "addr", "add", cidr, "dev", "lo"));
        }
    }

    /** The name servers programs in this namespace see ({@code ip netns exec} mounts /etc/netns/NAME/resolv.conf). */
    void resolvers(String... addresses) throws IOException {
        Path etc = Files.createDirectories(Path.of("/etc/netns", name));
        StringBuilder text = new StringBuilder();
        for (String address : addresses) {
            text.append("nameserver ").append(address).append('\n');
        }
        Files.writeString(etc.resolve("resolv.conf"), text);
    }

    /** A folder every uid may enter, for a test's files. */
    Path folder(String child) throws IOException {
        Path path = Files.createDirectories(folder.resolve(child));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    /** Runs a program inside the namespace and waits for it (at most a minute). */
    Result run(String... command) {
        return run(Map.of(), command);
    }

    Result run(Map<String, String> environment, String... command) {
        return execute(inside(command), environment);
    }

    /** Starts a long-lived program inside the namespace (a listener); stopped on close. */
    Process start(String... command) throws IOException {
        Process process = new ProcessBuilder(inside(command)).redirectErrorStream(true).start();
        started.add(process);
        return process;
    }

    /** The probe as {@code uid} (gid the same) with no capability, the way the runner starts k6. */
    Result probeAs(int uid, String... arguments) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--", python, probe.toString()));
        command.addAll(List.of(arguments));
        return run(command.toArray(String[]::new));
    }

    @Override
    public void close() {
        started.forEach(Process::destroyForcibly);
        for (Process process : started) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        host("ip", "netns", "del", name);
        deleteTree(Path.of("/etc/netns", name));
        deleteTree(folder);
    }

    private List<String> inside(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return full;
    }

    private static Result host(String... command) {
        return execute(List.of(command), Map.of());
    }

    static Result execute(List<String> command, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("still running after a minute: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void require(Result result) {
        if (result.exit() != 0) {
            throw new IllegalStateException(result.output());
        }
    }

    private static String uid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.split("\\s+")[1]).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** A python3 outside any user's home, so that the k6 uids may run it too. */
    private static String python() {
        for (String candidate : List.of("/usr/bin/python3", "/usr/local/bin/python3")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
