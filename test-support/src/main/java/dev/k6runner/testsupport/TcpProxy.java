package dev.k6runner.testsupport;

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
 * A TCP relay on loopback in front of a server (Postgres in the tests and the soak) that can make that server
 * HANG rather than refuse, as a stopped process, a failover or a dropped route does: {@link #blackHole()} swallows
 * every byte on the connections open so far and accepts new connections without ever answering them, while every
 * socket stays open. {@link #hold()} is a server that is stopped ({@code SIGSTOP}) and then resumed: nothing is
 * answered and nothing is lost, every byte waits in the relay and is delivered once the proxy forwards again.
 * {@link #cut()} closes everything and refuses (a partition that resets). {@link #forward()} relays new connections
 * again (and what was held), and resets those that went dead.
 */
public final class TcpProxy implements AutoCloseable {

    private enum Mode { FORWARD, HOLD, BLACK_HOLE, CUT }

    /** One client connection and its upstream (null while black-holed); {@code dead} once it stopped relaying. */
    private static final class Pair {
        final Socket client;
        volatile Socket upstream;
        volatile boolean dead;

        Pair(Socket client) {
            this.client = client;
        }
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.FORWARD;
    /** Wakes the relays and the connections that wait while the proxy holds. */
    private final Object released = new Object();

    public TcpProxy(int upstreamPort) throws IOException {
        this(0, upstreamPort);
    }

    /** @param port the loopback port to listen on, 0 for any free one */
    public TcpProxy(int port, int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        Thread.ofVirtual().name("tcp-proxy-accept-" + upstreamPort).start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** From now on nothing gets through and nothing is answered; every socket stays open. */
    public void blackHole() {
        mode = Mode.BLACK_HOLE;
        pairs.forEach(pair -> pair.dead = true);
    }

    /**
     * From now on nothing is answered and nothing is lost: bytes in either direction and new connections wait, every
     * socket stays open, and {@link #forward()} delivers all of it. To the clients, the server hangs, then resumes.
     */
    public void hold() {
        mode = Mode.HOLD;
    }

    /** From now on every connection is closed at once (the clients see a reset or a refusal). */
    public void cut() {
        mode = Mode.CUT;
        pairs.forEach(TcpProxy::closeQuietly);
        pairs.clear();
    }

    /**
     * New connections are relayed again. Those that went dead are closed, so their clients notice at once, as when a
     * route comes back and the server resets connections it no longer knows (bytes were swallowed meanwhile, so
     * they could not be resumed anyway).
     */
    public void forward() {
        mode = Mode.FORWARD;
        synchronized (released) {
            released.notifyAll();
        }
        for (Pair pair : pairs) {
            if (pair.dead) {
                closeQuietly(pair);
                pairs.remove(pair);
            }
        }
    }

    public boolean forwarding() {
        return mode == Mode.FORWARD;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Mode now = mode;
                if (now == Mode.CUT) {
                    client.close();
                    continue;
                }
                Pair pair = new Pair(client);
                pairs.add(pair);
                if (now == Mode.BLACK_HOLE) {
                    pair.dead = true; // accepted, never answered
                    if (mode != Mode.BLACK_HOLE) {
                        // forward() ran between reading the mode and adding the pair: close it as forward() would
                        closeQuietly(pair);
                        pairs.remove(pair);
                    }
                    continue;
                }
                Thread.ofVirtual().start(() -> {
                    awaitRelease(); // a held server's kernel accepts the connection; the server answers once resumed
                    connectUpstream(pair);
                });
            } catch (IOException e) {
                // the proxy closed: nothing more to accept
            }
        }
    }

    private void connectUpstream(Pair pair) {
        Socket upstream = new Socket();
        try {
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5000);
        } catch (IOException refused) {
            // the server is down: its client sees its connection end, as it would without the proxy
            closeQuietly(pair);
            pairs.remove(pair);
            return;
        }
        pair.upstream = upstream;
        Thread.ofVirtual().start(() -> relay(pair, pair.client, upstream));
        Thread.ofVirtual().start(() -> relay(pair, upstream, pair.client));
    }

    private void awaitRelease() {
        synchronized (released) {
            while (mode == Mode.HOLD) {
                try {
                    released.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void relay(Pair pair, Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                awaitRelease();
                if (!pair.dead) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // either side closed: the pair is over
        }
    }

    private static void closeQuietly(Pair pair) {
        pair.dead = true;
        try {
            pair.client.close();
            if (pair.upstream != null) {
                pair.upstream.close();
            }
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        pairs.forEach(TcpProxy::closeQuietly);
    }
}
