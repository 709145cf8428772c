package dev.k6runner.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 that answers as the gateway's contract says. Each route
 * ({@code "GET /api/v1/test/history"}) answers its queued responses in turn, repeating the last.
 */
final class FakeGateway implements AutoCloseable {

    record Response(int status, String body, Map<String, String> headers) {
    }

    record Request(String method, String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, List<Response>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeGateway on(String methodAndPath, int status, String body, String... headerPairs) {
        Map<String, String> headers = new java.util.HashMap<>();
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], headerPairs[i + 1]);
        }
        routes.computeIfAbsent(methodAndPath, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(new Response(status, body, headers));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Request last(String method) {
        return requests().reversed().stream().filter(r -> r.method().equals(method)).findFirst().orElseThrow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            List<Response> queue = routes.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            Response response;
            if (queue == null || queue.isEmpty()) {
                response = new Response(404, "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}", Map.of());
            } else {
                response = queue.size() > 1 ? queue.removeFirst() : queue.getFirst();
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type",
                    response.status() >= 400 ? "application/problem+json" : "application/json");
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
