package dev.k6runner.bench.stream;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.k6runner.model.RunDigest;
import dev.k6runner.runner.stream.FoldLimits;
import dev.k6runner.runner.stream.JacksonStreamFolder;
import dev.k6runner.runner.stream.MetricStreamFolder;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The runner's fold with its hand-written line scanner ({@code handWritten}: {@link MetricStreamFolder}
 * as the runner uses it) against the same fold with Jackson's streaming parser scanning each line
 * ({@code jackson}: {@link JacksonStreamFolder}, timestamps with {@code java.time}; and
 * {@code jacksonWithRfc3339}, timestamps with the hand-written parser), on the same generated k6 stream. Each operation
 * folds the whole file. Before measuring, both fold the file once and must give an equal
 * {@link RunDigest} (same points, timeline, endpoints, histogram): otherwise the trial fails.
 * {@link StreamScannerComparison} runs both and prints the ratio.
 *
 * <p>Two counters, both per second of wall time: {@code mb} (MB/s) and {@code cpuSeconds} (CPU
 * seconds of the benchmark thread per second); their quotient is MB per CPU-second, the figure
 * that other processes on a shared machine do not dilute.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class StreamScannerBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @State(Scope.Benchmark)
    public static class StreamFile {
        /** Size of the generated stream in bytes. */
        @Param("300000000")
        public long bytes;
        Path path;
        long size;

        @Setup(Level.Trial)
        public void writeAndCheckBothFoldAlike() throws IOException {
            path = K6StreamFile.ensure(bytes, K6StreamFile.BUSY);
            size = Files.size(path);
            RunDigest handWritten = JacksonStreamFolder.comparable(handWritten(path).digest(null));
            RunDigest jackson = JacksonStreamFolder.comparable(jackson(path, false).digest(null));
            RunDigest jacksonWithRfc3339 = JacksonStreamFolder.comparable(jackson(path, true).digest(null));
            if (!handWritten.equals(jackson) || !handWritten.equals(jacksonWithRfc3339) || handWritten.pointsRead() == 0) {
                throw new IllegalStateException("the two scanners fold " + path + " differently");
            }
        }
    }

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        /** Megabytes folded (reported per second: MB/s of wall time). */
        public double mb;
        /** CPU seconds of the benchmark thread (reported per second of wall time). */
        public double cpuSeconds;

        void add(double megabytes, long cpuNanos) {
            mb += megabytes;
            cpuSeconds += cpuNanos / 1e9;
        }
    }

    @Benchmark
    public long handWritten(StreamFile file, Counters counters) throws IOException {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long points = handWritten(file.path).pointsRead();
        counters.add(file.size / 1e6, THREADS.getCurrentThreadCpuTime() - cpuStart);
        return points;
    }

    @Benchmark
    public long jackson(StreamFile file, Counters counters) throws IOException {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long points = jackson(file.path, false).pointsRead();
        counters.add(file.size / 1e6, THREADS.getCurrentThreadCpuTime() - cpuStart);
        return points;
    }

    /** Jackson for the JSON but the hand-written timestamp parser: how much of the gap is java.time. */
    @Benchmark
    public long jacksonWithRfc3339(StreamFile file, Counters counters) throws IOException {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long points = jackson(file.path, true).pointsRead();
        counters.add(file.size / 1e6, THREADS.getCurrentThreadCpuTime() - cpuStart);
        return points;
    }

    static MetricStreamFolder handWritten(Path path) throws IOException {
        MetricStreamFolder folder = new MetricStreamFolder(FoldLimits.defaults());
        try (InputStream in = Files.newInputStream(path)) {
            folder.consume(in);
        }
        return folder;
    }

    static JacksonStreamFolder jackson(Path path, boolean handWrittenTime) throws IOException {
        JacksonStreamFolder folder = new JacksonStreamFolder(FoldLimits.defaults(), handWrittenTime);
        try (InputStream in = Files.newInputStream(path)) {
            folder.consume(in);
        }
        return folder;
    }
}
