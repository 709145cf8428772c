package dev.k6runner.runner.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of the test's Postgres that can make every connection open so far half-open,
 * as a failover or a dropped route leaves them: the bytes a client sends are swallowed and nothing ever comes
 * back, yet the socket stays open. Connections opened afterwards are relayed normally.
 */
final class HalfOpenProxy implements AutoCloseable {

    /** One client connection and its upstream; {@code swallowed} once the connection went half-open. */
    private static final class Pair {
        final Socket client;
        final Socket upstream;
        volatile boolean swallowed;

        Pair(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();

    HalfOpenProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("half-open-proxy-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on, every connection already open answers nothing. */
    void makeOpenConnectionsHalfOpen() {
        pairs.forEach(pair -> pair.swallowed = true);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
                Pair pair = new Pair(client, upstream);
                pairs.add(pair);
                Thread.ofVirtual().start(() -> relay(pair, client, upstream));
                Thread.ofVirtual().start(() -> relay(pair, upstream, client));
            } catch (IOException e) {
                // closed, or Postgres refused this one: the client sees its connection end
            }
        }
    }

    private static void relay(Pair pair, Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                if (!pair.swallowed) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // either side closed: the pair is over
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Pair pair : pairs) {
            pair.client.close();
            pair.upstream.close();
        }
    }
}
