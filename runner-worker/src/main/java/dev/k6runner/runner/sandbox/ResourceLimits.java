package dev.k6runner.runner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.k6runner.runner.RunnerProperties;

/**
 * The kernel's bounds on one k6, as rlimits set by {@code prlimit} (util-linux), which sets them on itself and
 * execs k6: the started process stays k6. Each bound is inherited by everything k6 starts.
 *
 * @param prlimit      the prlimit binary, or null when this host has none (then no rlimit is applied)
 * @param openFiles    RLIMIT_NOFILE: open files and sockets
 * @param fileSize     RLIMIT_FSIZE: the largest file k6 may write, in bytes
 * @param addressSpace RLIMIT_AS: virtual memory, far above the resident memory k6 may use (see {@link #addressSpaceFor})
 * @param processes    RLIMIT_NPROC: processes and threads of k6's uid; applied only where k6 has a uid of its own
 */
record ResourceLimits(String prlimit, long openFiles, long fileSize, long addressSpace, long processes) {

    private static final Logger log = LoggerFactory.getLogger(ResourceLimits.class);

    /**
     * The address-space floor. Virtual memory is reserved long before it is used: the JVM-based k6 stand-in with
     * -Xmx128m has a VmPeak of about 2.2 GiB (compressed class space, code cache, thread stacks), a Go k6 reserves
     * arenas ahead of its heap. 8 GiB keeps several times that headroom; resident memory is the sampler's job.
     */
    static final long ADDRESS_SPACE_FLOOR = 8L << 30;

    /** The bounds from the operator's settings, each lowered to this runner's own hard limit (see {@link #clamp}). */
    public static ResourceLimits of(RunnerProperties.Resources resources, String prlimit) {
        Map<String, OptionalLong> hard = hardLimits(Path.of("/proc/self/limits"));
        return new ResourceLimits(prlimit,
                clamp("open files", resources.maxOpenFiles(), hard.get("Max open files")),
                clamp("file size", resources.maxFileSize().toBytes(), hard.get("Max file size")),
                clamp("address space", addressSpaceFor(resources.maxMemory().toBytes()), hard.get("Max address space")),
                clamp("processes", resources.maxProcesses(), hard.get("Max processes")));
    }

    /** Four times the resident memory k6 may use, and never below {@link #ADDRESS_SPACE_FLOOR}. */
    static long addressSpaceFor(long maxMemoryBytes) {
        return Math.max(ADDRESS_SPACE_FLOOR, Math.multiplyExact(4L, maxMemoryBytes));
    }

    /**
     * {@code prlimit --nofile=… --fsize=… --as=… [--nproc=…] --}, to stand right before k6's own command line; empty
     * without prlimit. {@code perUser}: k6 has a uid of its own, so RLIMIT_NPROC (counted per uid) bounds this run alone.
     */
    public List<String> command(boolean perUser) {
        if (prlimit == null) {
            return List.of();
        }
        List<String> line = new ArrayList<>(List.of(prlimit,
                "--nofile=" + openFiles, "--fsize=" + fileSize, "--as=" + addressSpace));
        if (perUser) {
            line.add("--nproc=" + processes);
        }
        line.add("--");
        return line;
    }

    /** For health and logs: which bounds the kernel holds k6 to. */
    public String describe(boolean perUser) {
        if (prlimit == null) {
            return "no rlimits (prlimit not found)";
        }
        return "rlimits: " + openFiles + " open files, files up to " + fileSize + " B, address space " + addressSpace + " B"
                + (perUser ? ", " + processes + " processes" : "");
    }

    /**
     * prlimit sets soft and hard limit alike, and without CAP_SYS_RESOURCE (a container's root lacks it) no process
     * may raise a hard limit: a bound above the runner's own would make every k6 fail to start. So it is lowered to
     * the runner's, which k6 inherits anyway.
     */
    static long clamp(String what, long wanted, OptionalLong hardLimit) {
        if (hardLimit == null || hardLimit.isEmpty() || hardLimit.getAsLong() >= wanted) {
            return wanted;
        }
        log.warn("k6's {} bound lowered from {} to this runner's own hard limit {}", what, wanted, hardLimit.getAsLong());
        return hardLimit.getAsLong();
    }

    /** Hard limits by name from a {@code /proc/<pid>/limits} table; empty for "unlimited". */
    static Map<String, OptionalLong> hardLimits(Path table) {
        Map<String, OptionalLong> limits = new java.util.HashMap<>();
        try {
            for (String row : Files.readAllLines(table)) {
                // "Max open files            20000                20000                files"
                String[] columns = row.split("\\s{2,}");
                if (columns.length >= 3 && columns[0].startsWith("Max ")) {
                    limits.put(columns[0], columns[2].equals("unlimited") ? OptionalLong.empty()
                            : OptionalLong.of(Long.parseLong(columns[2])));
                }
            }
        } catch (IOException | NumberFormatException e) {
            log.warn("cannot read this runner's rlimits ({}); k6's bounds are applied as configured", e.toString());
        }
        return limits;
    }
}
