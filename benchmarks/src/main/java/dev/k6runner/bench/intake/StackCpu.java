package dev.k6runner.bench.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.k6runner.bench.process.Stack;

/**
 * CPU time of the stack's processes over one load, per request: where the machine's time went, measured in the
 * same run as the rates (the gateway; Postgres with every backend, the runner stand-in's included, and the local
 * cluster's JVM that started it; Kafka). Read
 * from {@code /proc/<pid>/stat} over each process tree: user + system time, plus that of reaped children, so a
 * backend that exits during the load still counts. wrk and this JVM are not counted. Linux only: elsewhere,
 * nothing.
 */
final class StackCpu {

    /** USER_HZ: 100 on every Linux architecture the project runs on. */
    private static final double TICKS_PER_MILLISECOND = 0.1;

    private final Map<String, Supplier<List<ProcessHandle>>> processes = new LinkedHashMap<>();
    private final Map<String, Long> atStart;

    private StackCpu(Stack stack) {
        processes.put("gateway", stack.gateway()::tree);
        processes.put("Postgres", stack.postgres()::tree);
        processes.put("Kafka", stack.kafka()::tree);
        atStart = ticks();
    }

    /** Starts counting now. */
    static StackCpu from(Stack stack) {
        return new StackCpu(stack);
    }

    /** @return e.g. "gateway 0.31 ms, Postgres 0.30 ms, Kafka 0.03 ms"; empty without /proc or requests */
    Optional<String> perRequest(long requests) {
        if (requests == 0 || !Files.isReadable(Path.of("/proc/self/stat"))) {
            return Optional.empty();
        }
        Map<String, Long> atEnd = ticks();
        return Optional.of(processes.keySet().stream()
                .map(name -> "%s %.3f ms".formatted(name, (atEnd.get(name) - atStart.get(name)) / TICKS_PER_MILLISECOND / requests))
                .collect(Collectors.joining(", ")));
    }

    private Map<String, Long> ticks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        processes.forEach((name, tree) -> ticks.put(name, tree.get().stream().mapToLong(handle -> ticksOf(handle.pid())).sum()));
        return ticks;
    }

    /** utime + stime + cutime + cstime; 0 for a process that ended meanwhile (its parent's cutime has it then). */
    private static long ticksOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the fields after the command's closing parenthesis, which may itself hold spaces: state is [0], utime [11]
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
