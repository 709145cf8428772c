package dev.k6runner.runner.execution;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time of this JVM's reaped child processes ({@code /proc/self/stat} fields cutime and cstime, in clock ticks):
 * around one {@code waitFor()}ed k6, its own user + system time, whatever else the machine runs. Linux only; 0 elsewhere.
 */
final class ChildrenCpu {

    /** USER_HZ: 100 on every Linux architecture the project runs on (sysconf(_SC_CLK_TCK)). */
    private static final long TICKS_PER_SECOND = 100;

    private ChildrenCpu() {
    }

    static long ticks() {
        try {
            // cutime is field 16, cstime 17
            String[] fields = LoadSampler.statFields(Path.of("/proc/self/stat"));
            return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static Duration duration(long ticks) {
        return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    }
}
