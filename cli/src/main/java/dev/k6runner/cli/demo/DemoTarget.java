package dev.k6runner.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The demo's HTTP target: the paths of the target the k6 recordings were made against
 * ({@code /ok}, {@code /slow?ms=N}, {@code /status/{code}}, {@code /flaky?fail=P}, {@code /auth},
 * {@code POST} echo) plus {@code /degrading}, whose latency grows with every request, so that the
 * analyzer's time-series rules have something to find. Each request runs on its own virtual
 * thread, so slow endpoints never hold up fast ones.
 */
public final class DemoTarget implements AutoCloseable {

    /** The token {@code /auth} accepts, as in the recordings. */
    public static final String TOKEN = "secret-token";
    private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Degradation degradation = new Degradation();

    private DemoTarget(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts listening; port 0 picks a free port. Throws {@link java.net.BindException} when the port is taken. */
    public static DemoTarget start(String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        DemoTarget target = new DemoTarget(server, executor);
        server.setExecutor(executor);
        server.createContext("/", target::handle);
        server.start();
        return target;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Query query = Query.of(uri.getRawQuery());
            String method = exchange.getRequestMethod();
            if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
                echo(exchange);
                return;
            }
            if (!method.equals("GET")) {
                send(exchange, 405, "{\"error\":\"method not allowed\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            get(exchange, uri.getPath(), query);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void get(HttpExchange exchange, String path, Query query) throws IOException, InterruptedException {
        switch (path) {
            case "/ok" -> send(exchange, 200, OK);
            case "/slow" -> {
                Thread.sleep(query.millis("ms", 200));
                send(exchange, 200, OK);
            }
            case "/flaky" -> send(exchange, Math.random() < query.probability("fail", 0.2) ? 500 : 200, OK);
            case "/auth" -> send(exchange, ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 200 : 401, OK);
            case "/degrading" -> {
                long delay = degradation.nextDelayMillis(query);
                exchange.getResponseHeaders().add("X-Delay-Ms", Long.toString(delay));
                Thread.sleep(delay);
                send(exchange, 200, OK);
            }
            case "/reset" -> {
                degradation.reset();
                send(exchange, 200, OK);
            }
            default -> status(exchange, path);
        }
    }

    private static void status(HttpExchange exchange, String path) throws IOException {
        if (path.startsWith("/status/")) {
            try {
                int code = Integer.parseInt(path.substring("/status/".length()));
                if (code >= 200 && code <= 599) {
                    send(exchange, code, OK);
                    return;
                }
            } catch (NumberFormatException e) {
                // falls through to 400
            }
            send(exchange, 400, "{\"error\":\"status must be 200-599\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(exchange, 404, "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static void echo(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(1 << 20);
        }
        if (body.length == 0) {
            body = "{}".getBytes(StandardCharsets.UTF_8);
        }
        send(exchange, JsonCheck.isJson(body) ? 201 : 400, JsonCheck.isJson(body) ? body
                : "{\"error\":\"invalid JSON\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        boolean noBody = status == 204 || status == 304 || status < 200;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
    }
}
