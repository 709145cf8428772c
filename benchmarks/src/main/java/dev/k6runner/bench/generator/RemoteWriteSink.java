package dev.k6runner.bench.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP endpoint for k6's {@code experimental-prometheus-rw} output: it reads each push (snappy-compressed
 * protobuf) to the end, counts its bytes and answers 204, as a remote-write receiver that stored nothing would. It
 * decodes nothing: the benchmark measures what the output costs k6, not what a receiver would make of it.
 */
final class RemoteWriteSink implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong pushes = new AtomicLong();

    RemoteWriteSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                bytes.addAndGet(body.transferTo(OutputStream.nullOutputStream()));
            }
            pushes.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
    }

    long bytes() {
        return bytes.get();
    }

    long pushes() {
        return pushes.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
