package dev.k6runner.bench.memory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    private final Map<String, ManagedProcess> watched = new ConcurrentHashMap<>();
    private final Map<String, Long> peakHeap = new ConcurrentHashMap<>();
    private final Map<String, Long> peakHwm = new ConcurrentHashMap<>();
    private volatile long peakTotalRssKilobytes;
    private final Thread sampler;
    private volatile boolean running = true;

    public MemoryWatch() {
        sampler = Thread.ofPlatform().daemon().name("memory-watch").start(this::loop);
    }

    public void watch(ManagedProcess process) {
        watched.put(process.name(), process);
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
            ManagedProcess process = entry.getValue();
            long rss = 0;
            long hwm = 0;
            for (ProcessHandle handle : process.tree()) {
                rss += ProcStatus.kilobytes(handle.pid(), "VmRSS");
                hwm += ProcStatus.kilobytes(handle.pid(), "VmHWM");
            }
            total += rss;
            peakHwm.merge(entry.getKey(), hwm, Math::max);
            if (process instanceof ServiceProcess service && service.alive()) {
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
