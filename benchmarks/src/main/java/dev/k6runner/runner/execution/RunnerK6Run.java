package dev.k6runner.runner.execution;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.k6runner.model.RunSpec;
import dev.k6runner.runner.stream.FoldLimits;
import dev.k6runner.runner.stream.MetricStreamFolder;

/**
 * Benchmark-only: one {@code k6 run} with {@link K6Command}'s exact command line, its {@code --out json} pipe folded
 * in this process by a {@link MetricStreamFolder} while k6 writes it, the way {@code K6Execution} does (the pipe held
 * open read-write, the runner's own {@link FoldThread} folding, the rest drained on a failure). k6's console goes to files: the
 * runner's console tail reads the same bytes, a few hundred per second of load.
 */
public final class RunnerK6Run {

    /**
     * What one run did: k6's summary export, when folded the stream's size, and the CPU time k6 (user + system, from
     * this JVM's reaped children: {@code /proc/self/stat} cutime + cstime) and the folding thread used.
     */
    public record Result(String summaryExport, long points, long bytes, Duration k6Cpu, Duration foldCpu) {
    }

    private RunnerK6Run() {
    }

    /**
     * @param extraFlags added before the script, e.g. a {@code --system-tags} candidate
     * @param output     {@code "fifo"} (the runner's own path, folded), {@code "none"} (the same line without
     *                   {@code --out}: plain k6) or any other {@code --out} value ({@code json=/dev/null},
     *                   {@code csv=/dev/null}, {@code experimental-prometheus-rw}), not folded
     */
    public static Result run(Path k6, Path root, String script, int vus, int seconds, List<String> extraFlags,
                             String output, Map<String, String> environment) throws IOException, InterruptedException {
        RunSpec spec = new RunSpec(script, "bench", vus, seconds + "s", null, Map.of(), Map.of(), seconds + 60L);
        try (WorkFolder folder = WorkFolder.create(root, UUID.randomUUID(), script)) {
            List<String> line = commandLine(k6, folder, spec, extraFlags, output);
            MetricStreamFolder fold = new MetricStreamFolder(FoldLimits.defaults());
            FoldThread foldThread = null;
            long childrenCpuBefore = ChildrenCpu.ticks();
            try (RandomAccessFile _ = folder.holdFifo()) {
                if (output.equals("fifo")) {
                    foldThread = FoldThread.start(UUID.randomUUID(), fold, folder.fifo().toFile());
                }
                run(line, folder.path(), environment);
            }
            Duration k6Cpu = ChildrenCpu.duration(ChildrenCpu.ticks() - childrenCpuBefore);
            Duration foldCpu = Duration.ZERO;
            if (foldThread != null) {
                foldThread.awaitEnd(Duration.ofSeconds(30));
                foldCpu = foldThread.cpu();
            }
            return new Result(folder.readSummary(), fold.pointsRead(), fold.bytesRead(), k6Cpu, foldCpu);
        }
    }

    /** The runner's line, its {@code --out} replaced or removed, the extra flags before the script. */
    static List<String> commandLine(Path k6, WorkFolder folder, RunSpec spec, List<String> extraFlags, String output) {
        List<String> line = new ArrayList<>(K6Command.run(k6.toString(), spec, folder, List.of()));
        int out = line.indexOf("--out");
        if (output.equals("none")) {
            line.subList(out, out + 2).clear();
        } else if (!output.equals("fifo")) {
            line.set(out + 1, output);
        }
        line.addAll(line.size() - 1, extraFlags);
        return line;
    }

    private static void run(List<String> line, Path directory, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(line).directory(directory.toFile())
                .redirectOutput(directory.resolve("stdout.txt").toFile())
                .redirectError(directory.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", line) + " exited " + exit + ": "
                    + Files.readString(directory.resolve("stderr.txt")));
        }
    }
}
