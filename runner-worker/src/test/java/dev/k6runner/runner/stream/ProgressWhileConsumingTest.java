package dev.k6runner.runner.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.k6runner.model.RunProgress;
import org.junit.jupiter.api.Test;

/** progress() is read by another thread while consume() blocks on a pipe k6 is still writing. */
class ProgressWhileConsumingTest {

    @Test
    void progressIsVisibleAndConsistentWhileTheStreamIsWritten() throws Exception {
        List<String> lines;
        try (InputStream in = Recording.stream("basic-get")) {
            lines = new String(in.readAllBytes(), UTF_8).lines().toList();
        }
        int half = lines.size() / 2;
        long requestsInFirstHalf = lines.subList(0, half).stream().filter(l -> l.contains("\"metric\":\"http_reqs\",\"type\":\"Point\"")).count();
        MetricStreamFolder folder = new MetricStreamFolder(FoldLimits.defaults());
        PipedOutputStream k6 = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(k6, 4096);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        CompletableFuture<Void> consuming = CompletableFuture.runAsync(() -> consume(folder, pipe), threads);
        Instant started = Instant.now();
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> watch(folder, started, stop, violations), threads);

        write(k6, lines.subList(0, half));
        await().atMost(Duration.ofSeconds(10)).until(() -> folder.progress(started, Instant.now()).requests() == requestsInFirstHalf);
        RunProgress midway = folder.progress(started, Instant.now());
        assertThat(midway.vus()).isEqualTo(5);
        assertThat(consuming).isNotDone();
        assertThat(folder.bytesRead()).isPositive();

        write(k6, lines.subList(half, lines.size()));
        k6.close();
        consuming.get(10, TimeUnit.SECONDS);
        stop.set(true);
        watcher.get(10, TimeUnit.SECONDS);
        threads.close();

        assertThat(violations).isEmpty();
        assertThat(folder.progress(started, Instant.now()).requests()).isEqualTo(150);
        assertThat(folder.digest(null).timeline().stream().mapToLong(p -> p.requests()).sum()).isEqualTo(150);
    }

    private static void consume(MetricStreamFolder folder, InputStream in) {
        try {
            folder.consume(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Requests and points only grow; failed never exceed requests. Bounded by the test's own end. */
    private static void watch(MetricStreamFolder folder, Instant started, AtomicBoolean stop, ConcurrentLinkedQueue<String> violations) {
        long lastRequests = 0;
        long lastPoints = 0;
        for (int i = 0; i < 5_000_000 && !stop.get(); i++) {
            RunProgress p = folder.progress(started, Instant.now());
            long points = folder.pointsRead();
            if (p.requests() < lastRequests || points < lastPoints || p.failedRequests() > p.requests()) {
                violations.add(p + " after " + lastRequests);
            }
            lastRequests = p.requests();
            lastPoints = points;
            Thread.onSpinWait();
        }
    }

    private static void write(PipedOutputStream out, List<String> lines) throws IOException {
        for (String line : lines) {
            out.write((line + "\n").getBytes(UTF_8));
        }
        out.flush();
    }
}
