package dev.k6runner.runner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * k6 inside bubblewrap: read-only system directories and k6, a size-limited tmpfs {@code /tmp}, fresh {@code /proc}
 * and {@code /dev}, its own pid, IPC and UTS namespaces, no capability (a root runner's k6 would otherwise keep all
 * of root's), the run's working folder as the only writable place, the rlimits of {@code limits}, and only the
 * run's environment. Nothing of the runner's home, configuration, results or other runs is mounted.
 * The network stays shared: k6 must reach the target; blocked addresses are k6's {@code --blacklist-ip}.
 *
 * @param tmpSizeBytes the size of k6's private {@code /tmp}
 * @param why          why this mechanism was chosen, for {@link #describe()}
 */
record Bubblewrap(String bwrap, List<Path> readOnlyPaths, List<Path> writablePaths, ResourceLimits limits,
                         long tmpSizeBytes, String why) implements Confinement {

    /** System directories a dynamically linked binary (or a JVM wrapper in tests) needs, never all of /etc. */
    private static final List<String> SYSTEM_ROOTS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final List<String> ETC_FILES = List.of(
            "/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/host.conf", "/etc/gai.conf",
            "/etc/localtime", "/etc/ssl", "/etc/ca-certificates", "/etc/pki", "/etc/crypto-policies",
            "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d");

    public Bubblewrap {
        readOnlyPaths = List.copyOf(readOnlyPaths);
        writablePaths = List.copyOf(writablePaths);
    }

    @Override
    public String describe() {
        return "bubblewrap: " + why + "; no capabilities, /tmp of " + tmpSizeBytes + " B, " + limits.describe(false);
    }

    @Override
    public boolean allowsRuns() {
        return true;
    }

    @Override
    public boolean wrapsInChildProcess() {
        return true;
    }

    /**
     * The environment is not on this command line: {@code env} is the process environment bwrap is started with,
     * and bwrap hands its own environment to k6, so no value is readable from {@code /proc/<bwrap>/cmdline}.
     */
    @Override
    public List<String> wrap(List<String> command, Path workDir, Map<String, String> env, int slot) {
        LoaderVariables.refuse(env);
        List<String> line = new ArrayList<>(List.of(bwrap,
                "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--ro-bind", "/usr", "/usr"));
        SYSTEM_ROOTS.forEach(root -> systemRoot(line, Path.of(root)));
        ETC_FILES.forEach(file -> line.addAll(List.of("--ro-bind-try", file, file)));
        line.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", Long.toString(tmpSizeBytes), "--tmpfs", "/tmp"));
        executable(command.getFirst()).ifPresent(real -> line.addAll(List.of("--ro-bind", real, command.getFirst())));
        readOnlyPaths.forEach(path -> line.addAll(List.of("--ro-bind-try", path.toString(), path.toString())));
        writablePaths.forEach(path -> line.addAll(List.of("--bind-try", path.toString(), path.toString())));
        String folder = workDir.toAbsolutePath().toString();
        line.addAll(List.of("--bind", folder, folder, "--chdir", folder, "--"));
        // inside the sandbox, so the process bwrap starts (k6's pid, the one signals go to) becomes k6 by exec
        line.addAll(limits.command(false));
        line.addAll(command);
        return line;
    }

    private static void systemRoot(List<String> line, Path root) {
        try {
            if (Files.isSymbolicLink(root)) {
                line.addAll(List.of("--symlink", Files.readSymbolicLink(root).toString(), root.toString()));
            } else if (Files.isDirectory(root)) {
                line.addAll(List.of("--ro-bind", root.toString(), root.toString()));
            }
        } catch (IOException e) {
            // an unreadable system root is simply not exposed
        }
    }

    /** k6 itself when it lives outside /usr (a K6_BINARY elsewhere); its real path, so symlinks resolve. */
    private static java.util.Optional<String> executable(String binary) {
        Path path = Path.of(binary);
        if (!path.isAbsolute() || path.startsWith("/usr")) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(path.toRealPath().toString());
        } catch (IOException e) {
            return java.util.Optional.of(binary);
        }
    }
}
