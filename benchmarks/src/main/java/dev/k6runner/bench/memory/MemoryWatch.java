package dev.k6runner.bench.memory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.k6runner.bench.process.LocalClusterProcess;
import dev.k6runner.testsupport.process.ManagedProcess;
import dev.k6runner.testsupport.process.ServiceProcess;

/**
 * Samples, once a second, each watched process tree's resident memory and each service's heap in use (from its
 * Prometheus endpoint). Keeps the peaks: per process the kernel's own VmHWM, and for the whole local mode the
 * largest sum of the trees' VmRSS seen at one instant.
 */
public final class MemoryWatch implements AutoCloseable {

    /** Peaks of one watched process (its whole tree for RSS). */
    public record Peak(long heapBytes, long hwmKilobytes) {
    }

    /** A watched process tree, and the service whose heap to read (null for the local cluster). */
    private record Watched(Supplier<List<ProcessHandle>> tree, ServiceProcess service) {
    }

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Map<String, Long> peakHeap = new ConcurrentHashMap<>();
    private final Map<String, Long> peakHwm = new ConcurrentHashMap<>();
    private volatile long peakTotalRssKilobytes;
    private final Thread sampler;
    private volatile boolean running = true;

    public MemoryWatch() {
        sampler = Thread.ofPlatform().daemon().name("memory-watch").start(this::loop);
    }

    public void watch(ManagedProcess process) {
        watched.put(process.name(), new Watched(process::tree, process instanceof ServiceProcess service ? service : null));
    }

    /** A local cluster component: its JVM, and Postgres' processes where it runs Postgres. */
    public void watch(LocalClusterProcess cluster) {
        watched.put(cluster.process().name(), new Watched(cluster::tree, null));
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        long total = 0;
        for (var entry : watched.entrySet()) {
            Watched process = entry.getValue();
            long rss = 0;
            long hwm = 0;
            for (ProcessHandle handle : process.tree().get()) {
                rss += ProcStatus.kilobytes(handle.pid(), "VmRSS");
                hwm += ProcStatus.kilobytes(handle.pid(), "VmHWM");
            }
            total += rss;
            peakHwm.merge(entry.getKey(), hwm, Math::max);
            ServiceProcess service = process.service();
            if (service != null && service.alive()) {
                String text = service.management("/actuator/prometheus");
                long heap = text == null ? -1 : PrometheusHeap.usedHeapBytes(text);
                if (heap > 0) {
                    peakHeap.merge(entry.getKey(), heap, Math::max);
                }
            }
        }
        peakTotalRssKilobytes = Math.max(peakTotalRssKilobytes, total);
    }

    public Map<String, Peak> peaks() {
        sample();
        Map<String, Peak> peaks = new LinkedHashMap<>();
        watched.keySet().stream().sorted().forEach(name ->
                peaks.put(name, new Peak(peakHeap.getOrDefault(name, -1L), peakHwm.getOrDefault(name, 0L))));
        return peaks;
    }

    public long peakTotalRssKilobytes() {
        return peakTotalRssKilobytes;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
