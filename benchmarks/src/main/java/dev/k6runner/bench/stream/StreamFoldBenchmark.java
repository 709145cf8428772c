package dev.k6runner.bench.stream;

import java.io.IOException;
import java.io.InputStream;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Folding speed on one thread, in megabytes of {@code --out json} per second, against a plain read
 * of the same file with the same buffer size (the ceiling: what the disk and page cache give).
 * Each operation reads the whole file; the {@code mb} counter turns operations into MB/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class StreamFoldBenchmark {

    private static final int READ_BUFFER = 1 << 20;

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
        /** Megabytes processed: reported per second, so this column is MB/s. */
        public double mb;
    }

    @Benchmark
    public long fold(StreamFile file, Megabytes counter) throws IOException {
        MetricStreamFolder folder = new MetricStreamFolder(FoldLimits.defaults());
        try (InputStream in = Files.newInputStream(file.path)) {
            folder.consume(in);
        }
        counter.mb += file.size / 1e6;
        return folder.digest(null).pointsRead();
    }

    @Benchmark
    public long plainRead(StreamFile file, Megabytes counter) throws IOException {
        byte[] buffer = new byte[READ_BUFFER];
        long total = 0;
        try (InputStream in = Files.newInputStream(file.path)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n + buffer[0];
            }
        }
        counter.mb += file.size / 1e6;
        return total;
    }
}
