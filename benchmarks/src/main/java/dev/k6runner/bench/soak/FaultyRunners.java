package dev.k6runner.bench.soak;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.k6runner.bench.process.Stack;
import dev.k6runner.testsupport.process.ServiceProcess;

/**
 * Runners that are broken from the start, next to the healthy ones: one whose work folder is on a full filesystem
 * (a 1 MiB tmpfs, filled once the runner is up, so every k6 start fails on its host: it must be quarantined, not
 * drain the queue), and one whose intake throws after every few claims ({@code k6runner.faults.intake-throw-every}:
 * the loop must be restarted, and the claimed run not lost).
 */
final class FaultyRunners implements AutoCloseable {

    static final String FULL_DISK = "runner-full-disk";
    static final String INTAKE_THROWS = "runner-intake-throws";

    private final Stack stack;
    private final Path mountPoint;
    private final List<String> notes = new ArrayList<>();
    private boolean mounted;

    FaultyRunners(Stack stack) {
        this.stack = stack;
        this.mountPoint = stack.dataDirectory().resolve("work-full-disk");
    }

    /** Starts both (not yet ready); a runner that cannot be broken honestly is left out, and the notes say why. */
    List<ServiceProcess> start() throws IOException, InterruptedException {
        List<ServiceProcess> started = new ArrayList<>();
        Files.createDirectories(mountPoint);
        mounted = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString());
        if (mounted) {
            started.add(stack.startRunner(FULL_DISK, Map.of("K6RUNNER_RUNNER_WORK_DIR", mountPoint.resolve("work").toString())));
        } else {
            notes.add("full-disk:SKIPPED(mount -t tmpfs refused; needs root)");
        }
        started.add(stack.startRunner(INTAKE_THROWS, Map.of("K6RUNNER_FAULTS_INTAKE_THROW_EVERY", "3")));
        notes.add("intake-throws(every 3rd claim)");
        return started;
    }

    /** Once the runner is up: fills its filesystem to the last byte. */
    void fillDisk() {
        if (!mounted) {
            return;
        }
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(mountPoint.resolve("filler"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            notes.add("full-disk(" + mountPoint.toFile().getUsableSpace() + " bytes left)");
        }
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public void close() {
        if (mounted) {
            try {
                run("umount", "-l", mountPoint.toString());
            } catch (IOException | InterruptedException e) {
                System.err.println("soak-detail: could not unmount " + mountPoint + ": " + e);
            }
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
