package dev.k6runner.bench.stream;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.k6runner.runner.stream.FoldLimits;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Folding speed on one thread, in megabytes of {@code --out json} per second, against a plain read
 * of the same file with the fold's 64 KiB buffer size (the ceiling: what the page cache gives).
 * Each operation reads the whole file; the {@code mb} counter turns operations into MB/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class StreamFoldBenchmark {

    private static final int READ_BUFFER = 1 << 16;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @State(Scope.Benchmark)
    public static class StreamFile {
        /** Size of the generated stream in bytes. */
        @Param("300000000")
        public long bytes;
        Path path;
        long size;

        @Setup(Level.Trial)
        public void write() throws IOException {
            path = K6StreamFile.ensure(bytes, K6StreamFile.BUSY);
            size = Files.size(path);
        }
    }

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Megabytes {
        /** Megabytes processed: reported per second, so this column is MB/s of wall time. */
        public double mb;
    }

    /**
     * MB per CPU-second of the benchmark thread, printed after each iteration (JMH shows the forked
     * JVM's output): on a shared machine (other builds running) wall time measures the queue for the
     * cores, CPU time measures the work.
     */
    @State(Scope.Thread)
    public static class CpuRate {
        double megabytes;
        long cpuNanos;

        @Setup(Level.Iteration)
        public void reset() {
            megabytes = 0;
            cpuNanos = 0;
        }

        @TearDown(Level.Iteration)
        public void print() {
            System.out.printf("  [%.0f MB per CPU-second]%n", megabytes / (cpuNanos / 1e9));
        }

        void add(double mb, long nanos) {
            megabytes += mb;
            cpuNanos += nanos;
        }
    }

    @Benchmark
    public long fold(StreamFile file, Megabytes counter, CpuRate cpu) throws IOException {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        MetricStreamFolder folder = new MetricStreamFolder(FoldLimits.defaults());
        try (InputStream in = Files.newInputStream(file.path)) {
            folder.consume(in);
        }
        long points = folder.digest(null).pointsRead();
        counter.mb += file.size / 1e6;
        cpu.add(file.size / 1e6, THREADS.getCurrentThreadCpuTime() - cpuStart);
        return points;
    }

    @Benchmark
    public long plainRead(StreamFile file, Megabytes counter, CpuRate cpu) throws IOException {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        byte[] buffer = new byte[READ_BUFFER];
        long total = 0;
        try (InputStream in = Files.newInputStream(file.path)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n + buffer[0];
            }
        }
        counter.mb += file.size / 1e6;
        cpu.add(file.size / 1e6, THREADS.getCurrentThreadCpuTime() - cpuStart);
        return total;
    }
}
