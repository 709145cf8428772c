package dev.k6runner.bench;

import java.util.Map;

import dev.k6runner.bench.memory.MemoryWatch;
import dev.k6runner.bench.report.Report;

/** Peak heap and peak RSS of each process of local mode, and of all of them together, under the load above. */
final class MemoryFigures {

    private MemoryFigures() {
    }

    static void add(Report report, MemoryWatch memory) {
        long sumOfPeaks = 0;
        for (Map.Entry<String, MemoryWatch.Peak> entry : memory.peaks().entrySet()) {
            MemoryWatch.Peak peak = entry.getValue();
            sumOfPeaks += peak.hwmKilobytes();
            report.add("memory", entry.getKey() + " peak heap / peak RSS",
                    (peak.heapBytes() > 0 ? mib(peak.heapBytes() / 1024) : "n/a") + " / " + mib(peak.hwmKilobytes()), "-", "-",
                    "heap: max of jvm_memory_used_bytes{area=heap} sampled every 1 s; RSS: VmHWM of the process tree"
                            + " (local-cluster-postgres: its JVM, the postmaster and every backend, Postgres' shared buffers counted"
                            + " in each process that touched them; a runner: its k6 too); services run -Xmx512m -XX:+UseSerialGC -XX:+UseCompactObjectHeaders");
        }
        report.add("memory", "whole local mode peak RSS", mib(memory.peakTotalRssKilobytes()),
                mib(sumOfPeaks) + " (sum of each process' own peak)", "-",
                "largest sum of VmRSS of all processes seen at one sampling instant");
    }

    private static String mib(long kilobytes) {
        return Report.format(kilobytes / 1024.0, 0) + " MiB";
    }
}
