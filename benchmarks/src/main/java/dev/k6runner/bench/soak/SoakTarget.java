package dev.k6runner.bench.soak;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The load target of the soak: every k6 that runs sends it a request every half second for as long as its process
 * lives (the wrapper's beacon, {@link dev.k6runner.bench.process.StandinWrapper}), naming its run in a header. The
 * arrival times per run are what {@code load_after_interrupted} is checked against.
 */
final class SoakTarget implements AutoCloseable {

    static final String RUN_HEADER = "X-Soak-Run";

    private final HttpServer server;
    private final Map<UUID, List<Instant>> arrivals = new ConcurrentHashMap<>();

    SoakTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.createContext("/beacon", this::beacon);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String beaconUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/beacon";
    }

    /** Arrival times per run (requests not naming a run, such as k6 inspect's, are not kept). */
    Map<UUID, List<Instant>> arrivals() {
        return Map.copyOf(arrivals);
    }

    private void beacon(HttpExchange exchange) throws IOException {
        Instant now = Instant.now();
        String run = exchange.getRequestHeaders().getFirst(RUN_HEADER);
        try {
            if (run != null) {
                arrivals.computeIfAbsent(UUID.fromString(run.trim()), _ -> new CopyOnWriteArrayList<>()).add(now);
            }
        } catch (IllegalArgumentException notARun) {
            // a k6 started outside a run's folder: not load of a run
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
