package dev.k6runner.analyzer.gemini;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A local stand-in for the Gemini API on 127.0.0.1: answers what the test tells it to. */
final class FakeGemini implements AutoCloseable {

    record Reply(int status, String body, boolean hang) {
    }

    private final HttpServer server;
    private final AtomicReference<Reply> reply = new AtomicReference<>(new Reply(500, "{}", false));
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    FakeGemini() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(int status, String body) {
        reply.set(new Reply(status, body, false));
    }

    void answerText(String modelText) {
        String escaped = modelText.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        answer(200, """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"%s"}]},"finishReason":"STOP"}]}
                """.formatted(escaped));
    }

    void hang() {
        reply.set(new Reply(200, "", true));
    }

    List<String> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestURI() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Reply current = reply.get();
        if (current.hang()) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = current.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(current.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException ignored) {
            // the client gave up waiting; that is what the slow case tests
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
