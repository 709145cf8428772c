package dev.k6runner.bench.stream;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.k6runner.model.RunDigest;
import dev.k6runner.runner.stream.FoldLimits;
import dev.k6runner.runner.stream.MetricStreamFolder;

/**
 * Heap and CPU of folding one large stream. Run it with a small -Xmx (e.g. 48m) to show the fold
 * fits whatever the stream's size. Prints the heap pools' peak (garbage included; pools peak at
 * different moments, so their sum is an upper bound) and the live heap after a full GC while the
 * folder is still reachable; then the speed per CPU-second of the folding thread (which, unlike
 * wall time, other processes on a shared machine do not dilute), against a plain read.
 *
 * <p>Usage: {@code java -Xmx48m -cp ... dev.k6runner.bench.stream.StreamFoldHeap [bytes] [requests/s] [passes]}
 */
public final class StreamFoldHeap {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private StreamFoldHeap() {
    }

    public static void main(String[] args) throws IOException {
        long bytes = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000_000L;
        int requestsPerSecond = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path file = K6StreamFile.ensure(bytes, requestsPerSecond);
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        System.gc();
        long before = usedHeap();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);

        MetricStreamFolder folder = fold(file);
        long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        RunDigest digest = folder.digest(null);
        System.gc();
        long retained = usedHeap() - before;
        System.out.printf("stream: %.1f MB, %d points, %d timeline buckets of %d s, %d endpoints, %d malformed%n",
                folder.bytesRead() / 1e6, folder.pointsRead(), digest.timeline().size(), digest.bucketSeconds(),
                digest.endpoints().size(), folder.malformedLines());
        System.out.printf("heap: -Xmx %.1f MB, before %.1f MB, peak of heap pools %.1f MB, retained after GC %.2f MB%n",
                Runtime.getRuntime().maxMemory() / 1e6, before / 1e6, peak / 1e6, retained / 1e6);
        for (int pass = 1; pass <= passes; pass++) {
            double foldRate = megabytesPerCpuSecond(file, true);
            double readRate = megabytesPerCpuSecond(file, false);
            System.out.printf("pass %d: fold %.0f MB per CPU-second, plain read %.0f MB per CPU-second (fold/read %.2f)%n",
                    pass, foldRate, readRate, foldRate / readRate);
        }
    }

    private static MetricStreamFolder fold(Path file) throws IOException {
        MetricStreamFolder folder = new MetricStreamFolder(FoldLimits.defaults());
        try (InputStream in = Files.newInputStream(file)) {
            folder.consume(in);
        }
        return folder;
    }

    private static double megabytesPerCpuSecond(Path file, boolean fold) throws IOException {
        long started = THREADS.getCurrentThreadCpuTime();
        long bytes = fold ? fold(file).bytesRead() : plainRead(file);
        return bytes / 1e6 / ((THREADS.getCurrentThreadCpuTime() - started) / 1e9);
    }

    private static long plainRead(Path file) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        }
        return total;
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
