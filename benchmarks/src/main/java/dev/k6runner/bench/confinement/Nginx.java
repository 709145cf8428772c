package dev.k6runner.bench.confinement;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A local nginx fast enough that k6, not the target, is what a load measures (Debian's nginx package). */
public final class Nginx implements AutoCloseable {

    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Nginx start(Path folder) throws IOException, InterruptedException {
        Files.createDirectories(folder.resolve("logs"));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Files.writeString(folder.resolve("nginx.conf"), """
                daemon off; worker_processes 1; error_log %1$s/logs/error.log; pid %1$s/nginx.pid;
                events { worker_connections 1024; }
                http { access_log off; client_body_temp_path %1$s; proxy_temp_path %1$s; fastcgi_temp_path %1$s;
                       uwsgi_temp_path %1$s; scgi_temp_path %1$s;
                       server { listen 127.0.0.1:%2$d; location / { return 200 "ok\\n"; } } }
                """.formatted(folder.toAbsolutePath(), port));
        Process process = new ProcessBuilder("nginx", "-p", folder.toAbsolutePath().toString(), "-c",
                folder.resolve("nginx.conf").toAbsolutePath().toString()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("logs/console.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new Nginx(process, port);
            } catch (IOException notYet) {
                process.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        process.destroyForcibly();
        throw new IOException("nginx did not listen on " + port + " within 10 s; see " + folder.resolve("logs"));
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
