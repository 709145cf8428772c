package dev.k6runner.standin;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays one recorded {@code k6 run} on its recorded timeline (scaled by the speed factor): banner at
 * once, the run starting after k6's start-up share of the recorded wall time, stream points, progress
 * blocks and log lines at their recorded offsets, then summary export, summary and exit code.
 */
final class Replay {

    /** Start-up plus shut-down when a recording has no wall time (syntax-error and init-exception took ~0.3 s). */
    private static final double DEFAULT_OVERHEAD_SECONDS = 0.4;
    /** Start-up's share of that overhead: k6 loads the script before, and exits quickly after the summary. */
    private static final double START_UP_SHARE = 0.75;
    /** How long a signal scenario waits for its signal when its bar shows no planned duration. */
    private static final double DEFAULT_PLANNED_SECONDS = 60;

    private record Event(double at, Runnable print) {
    }

    private final Recording recording;
    private final RunRequest request;
    private final double speed;
    private final long originNanos;
    private final Terminal terminal;
    private final Signals signals = new Signals(Thread.currentThread());
    private final Console console;
    private final StreamSink sink;
    private final int exitCode;
    private final double startUpSeconds;
    private final double shutDownSeconds;

    Replay(Recording recording, RunRequest request, double speed, long originNanos, Terminal terminal) {
        this.recording = recording;
        this.request = request;
        this.speed = speed;
        this.originNanos = originNanos;
        this.terminal = terminal;
        this.console = Console.of(recording.lines("stdout.txt"));
        this.sink = new StreamSink(request.outPath(), terminal);
        this.exitCode = recording.exitCode();
        double runSeconds = console.lastProgressSeconds();
        double overhead = Math.max(0, recording.wallSeconds().orElse(runSeconds + DEFAULT_OVERHEAD_SECONDS) - runSeconds);
        this.startUpSeconds = overhead * START_UP_SHARE;
        this.shutDownSeconds = overhead - startUpSeconds;
    }

    int run() throws IOException {
        try (MetricStream stream = MetricStream.of(recording)) {
            Logs logs = Logs.of(recording.lines("stderr.txt"), exitCode, request.apiServerOn(), stream.firstPoint(),
                    console.lastProgressSeconds());
            showBanner(logs);
            sleepUntil(originNanos, startUpSeconds);
            if (!console.started()) {
                return failedBeforeRunning(logs);
            }
            sink.open();
            long runOrigin = System.nanoTime();
            signals.install();
            if (!replayRun(stream, logs, runOrigin)) {
                return aborted(logs);
            }
            if (logs.signalRecorded()) {
                return awaitSignal(logs, runOrigin);
            }
            if (!waitUntil(runOrigin, Math.max(console.lastProgressSeconds(), stream.nextAt()))) {
                return aborted(logs);
            }
            sink.close();
            logs.atEnd().forEach(line -> terminal.err(Logs.stampedNow(line)));
            new EndOfTest(recording, request, console, terminal).print();
            sleepUntil(System.nanoTime(), shutDownSeconds);
            return exitCode;
        }
    }

    private void showBanner(Logs logs) {
        if (!request.quiet()) {
            terminal.out(console.banner(request.scriptArg(), request.outArg()));
        }
        logs.atStart().forEach(line -> terminal.err(Logs.stampedNow(line)));
        if (request.noThresholds()) {
            terminal.err("k6-standin: --no-thresholds does not change a replay: thresholds, summary and exit code stay as recorded");
        }
    }

    /** Stream lines, progress blocks and log lines in recorded order; false when a signal stopped the run. */
    private boolean replayRun(MetricStream stream, Logs logs, long runOrigin) {
        Deque<Event> events = events(logs);
        while (stream.hasNext() || !events.isEmpty()) {
            boolean streamFirst = stream.hasNext() && (events.isEmpty() || stream.nextAt() <= events.peek().at());
            if (!waitUntil(runOrigin, streamFirst ? stream.nextAt() : events.peek().at())) {
                return false;
            }
            if (streamFirst) {
                sink.write(stream.next());
            } else {
                events.poll().print().run();
            }
        }
        return true;
    }

    /** The sigint/sigterm/double-sigint recordings end only with a signal, as they were recorded. */
    private int awaitSignal(Logs logs, long runOrigin) {
        double planned = console.plannedSeconds() > 0 ? console.plannedSeconds() : DEFAULT_PLANNED_SECONDS;
        if (!waitUntil(runOrigin, planned)) {
            return aborted(logs);
        }
        sink.close();
        throw new StandinFailure("no SIGINT/SIGTERM arrived within the recorded run's planned " + planned
                + " s; the '" + recording.name() + "' recording has no ending without one");
    }

    /** Syntax errors, init exceptions, invalid options: k6 never opened its outputs nor wrote a summary. */
    private int failedBeforeRunning(Logs logs) {
        logs.during().forEach(timed -> terminal.err(Logs.stampedNow(timed.line())));
        logs.atEnd().forEach(line -> terminal.err(Logs.stampedNow(line)));
        sleepUntil(originNanos, startUpSeconds + shutDownSeconds);
        return exitCode;
    }

    private int aborted(Logs logs) {
        sink.close();
        terminal.err(Logs.stampedNow(logs.abortLineFor(signals.first())));
        new EndOfTest(recording, request, console, terminal).print();
        sleepUntil(System.nanoTime(), shutDownSeconds);
        return Signals.EXTERNAL_ABORT;
    }

    private Deque<Event> events(Logs logs) {
        List<Event> events = new ArrayList<>();
        if (!request.quiet()) {
            console.progress().forEach(block -> events.add(new Event(block.at(), () -> terminal.out(block.lines()))));
        }
        logs.during().forEach(timed -> events.add(new Event(timed.at(), () -> terminal.err(Logs.stampedNow(timed.line())))));
        events.sort(Comparator.comparingDouble(Event::at));
        return new ArrayDeque<>(events);
    }

    /** Waits until the recorded offset (flushing the stream first); false when a signal arrived. */
    private boolean waitUntil(long fromNanos, double recordedSeconds) {
        long deadline = fromNanos + (long) (recordedSeconds / speed * 1e9);
        boolean flushed = false;
        while (signals.first() == null) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return true;
            }
            if (!flushed) {
                sink.flush();
                flushed = true;
                continue;
            }
            LockSupport.parkNanos(remaining);
        }
        return false;
    }

    private void sleepUntil(long fromNanos, double recordedSeconds) {
        long deadline = fromNanos + (long) (recordedSeconds / speed * 1e9);
        for (long remaining = deadline - System.nanoTime(); remaining > 0; remaining = deadline - System.nanoTime()) {
            LockSupport.parkNanos(remaining);
        }
    }
}
