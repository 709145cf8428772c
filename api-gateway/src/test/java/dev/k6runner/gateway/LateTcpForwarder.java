package dev.k6runner.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A broker address that refuses connections until {@link #open} is called, then forwards to a real
 * broker: Kafka "down" then "back" without restarting anything. Only 127.0.0.1.
 */
final class LateTcpForwarder implements AutoCloseable {

    private final int port;
    private ServerSocket server;

    LateTcpForwarder(int port) {
        this.port = port;
    }

    void open(String target) throws IOException {
        String[] hostPort = target.split(",")[0].split(":");
        int targetPort = Integer.parseInt(hostPort[hostPort.length - 1]);
        server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void pipe(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // either side closed: the connection is over
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
