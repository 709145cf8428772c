package dev.k6runner.bench.gateway;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import dev.k6runner.bench.gateway.KeepAliveConnection.Request;

/**
 * A closed-loop load: {@code workers} virtual threads, each with its own keep-alive connection, send the
 * next request as soon as the previous answers, for a fixed time. Latencies are kept whole (no sampling)
 * and sorted for percentiles.
 */
final class Load {

    /** @param jitMillis time the JIT compilers spent during the load: near 0 once warm */
    record Figures(String what, int workers, double seconds, long requests, long errors, double perSecond,
                   double p50, double p95, double p99, double max, long jitMillis) {

        String line() {
            return "%-34s workers=%3d  %7.0f req/s  p50=%6.2f ms  p95=%6.2f ms  p99=%6.2f ms  max=%7.2f ms  (n=%d, errors=%d, %.0f s, jit %d ms)"
                    .formatted(what, workers, perSecond, p50, p95, p99, max, requests, errors, seconds, jitMillis);
        }
    }

    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private Load() {
    }

    static Figures run(InetSocketAddress gateway, String what, int workers, Duration length, int expectedStatus,
                       IntFunction<Request> requests) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong errors = new AtomicLong();
        List<long[]> perWorker = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[workers];
        for (int w = 0; w < workers; w++) {
            long[] latencies = new long[2_000_000 / workers + 1];
            perWorker.add(latencies);
            int worker = w;
            threads.add(Thread.ofVirtual().start(() -> counts[worker] = drive(gateway, stop, errors, expectedStatus,
                    n -> requests.apply(worker * 1_000_000 + n), latencies)));
        }
        long jitBefore = JIT.getTotalCompilationTime();
        long began = System.nanoTime();
        Thread.sleep(length);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long jitMillis = JIT.getTotalCompilationTime() - jitBefore;
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int w = 0; w < workers; w++) {
            System.arraycopy(perWorker.get(w), 0, all, at, counts[w]);
            at += counts[w];
        }
        Arrays.sort(all);
        return new Figures(what, workers, seconds, total, errors.get(), total / seconds,
                percentile(all, 0.50), percentile(all, 0.95), percentile(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6, jitMillis);
    }

    /** One worker's loop; a connection the gateway closed (or broke) is replaced before the next request. */
    private static int drive(InetSocketAddress gateway, AtomicBoolean stop, AtomicLong errors, int expectedStatus,
                             IntFunction<Request> requests, long[] latencies) {
        int n = 0;
        KeepAliveConnection connection = null;
        while (!stop.get() && n < latencies.length) {
            Request request = requests.apply(n);
            long began = System.nanoTime();
            try {
                if (connection == null) {
                    connection = new KeepAliveConnection(gateway);
                }
                if (connection.send(request) != expectedStatus) {
                    errors.incrementAndGet();
                }
                if (connection.closedByServer()) {
                    connection = close(connection);
                }
            } catch (IOException | RuntimeException e) {
                errors.incrementAndGet();
                connection = close(connection);
            }
            latencies[n++] = System.nanoTime() - began;
        }
        close(connection);
        return n;
    }

    private static KeepAliveConnection close(KeepAliveConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // a broken connection is being dropped anyway
            }
        }
        return null;
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
