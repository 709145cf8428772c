package dev.k6runner.bench.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory from /proc/<pid>/status: VmHWM is the peak since it started, VmRSS the current. */
public final class ProcStatus {

    private ProcStatus() {
    }

    /** kB, or 0 when the process is gone. */
    public static long kilobytes(long pid, String field) {
        try {
            return parse(Files.readString(Path.of("/proc", String.valueOf(pid), "status")), field);
        } catch (IOException e) {
            return 0;
        }
    }

    static long parse(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
