package dev.k6runner.bench.stream;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.k6runner.runner.stream.FoldLimits;
import dev.k6runner.runner.stream.MetricStreamFolder;

/**
 * Heap of one fold of a large stream: run it with a small -Xmx (e.g. 48m) to show the fold fits,
 * whatever the stream's size. Prints the heap pools' peak (garbage included, since the last reset)
 * and the live heap after a full GC while the folder is still reachable.
 *
 * <p>Usage: {@code java -Xmx48m -cp ... dev.k6runner.bench.stream.StreamFoldHeap [bytes]}
 */
public final class StreamFoldHeap {

    private StreamFoldHeap() {
    }

    public static void main(String[] args) throws IOException {
        long bytes = args.length > 0 ? Long.parseLong(args[0]) : 300_000_000L;
        Path file = K6StreamFile.ensure(bytes);
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        System.gc();
        long before = usedHeap();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);

        MetricStreamFolder folder = new MetricStreamFolder(FoldLimits.defaults());
        long started = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            folder.consume(in);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        var digest = folder.digest(null);
        System.gc();
        long retained = usedHeap() - before;

        System.out.printf("stream: %.1f MB, %d points, %d timeline buckets of %d s, %d endpoints%n",
                folder.bytesRead() / 1e6, folder.pointsRead(), digest.timeline().size(), digest.bucketSeconds(),
                digest.endpoints().size());
        System.out.printf("fold: %.2f s, %.1f MB/s (single pass, cold JIT)%n", seconds, folder.bytesRead() / 1e6 / seconds);
        System.out.printf("heap: max %.1f MB, before %.1f MB, peak of heap pools %.1f MB, retained after GC %.2f MB%n",
                Runtime.getRuntime().maxMemory() / 1e6, before / 1e6, peak / 1e6, retained / 1e6);
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
