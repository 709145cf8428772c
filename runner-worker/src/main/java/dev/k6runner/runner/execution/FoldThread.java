package dev.k6runner.runner.execution;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.k6runner.platform.logging.RunMdc;
import dev.k6runner.runner.stream.MetricStreamFolder;

/**
 * The thread that folds k6's {@code --out json} stream from the run's named pipe while k6 writes it. A fold that
 * fails drains the pipe instead, so k6 never blocks on a full pipe; the run then has no digest. Its CPU time is the
 * runner's own cost beside k6 (issue 18), counted in {@code k6runner_stream_fold_cpu_seconds_total}.
 */
final class FoldThread {

    private static final Logger log = LoggerFactory.getLogger(FoldThread.class);

    private final Thread thread;
    private final AtomicBoolean folded = new AtomicBoolean();
    private final AtomicLong cpuNanos = new AtomicLong();

    private FoldThread(UUID runId, MetricStreamFolder fold, File fifo) {
        this.thread = Thread.ofPlatform().name("k6-fold-" + runId.toString().substring(0, 8)).unstarted(() -> {
            try (var _ = RunMdc.open(runId); InputStream in = new FileInputStream(fifo)) {
                try {
                    fold.consume(in);
                    folded.set(true);
                } catch (IOException | RuntimeException e) {
                    log.warn("folding k6's --out json stream failed; draining it so k6 is never blocked: {}", e.toString());
                    in.transferTo(OutputStream.nullOutputStream());
                }
            } catch (IOException e) {
                log.warn("k6's --out json pipe could not be read: {}", e.toString());
            }
            // -1 where the JVM does not measure thread CPU time: a counter never goes down
            cpuNanos.set(Math.max(0, ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()));
        });
    }

    static FoldThread start(UUID runId, MetricStreamFolder fold, File fifo) {
        FoldThread foldThread = new FoldThread(runId, fold, fifo);
        foldThread.thread.start();
        return foldThread;
    }

    /**
     * Waits until the stream ended (every writer closed the pipe) and its last points are folded.
     *
     * @return true when the whole stream was folded; false when the fold failed or is not done within {@code atMost}
     */
    boolean awaitEnd(Duration atMost) throws InterruptedException {
        thread.join(atMost);
        return folded.get();
    }

    /** @return the CPU time the thread used, once it ended ({@link #awaitEnd}); zero before */
    Duration cpu() {
        return Duration.ofNanos(cpuNanos.get());
    }
}
