package dev.k6runner.bench.gateway;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The load generator's side of one HTTP/1.1 keep-alive connection, as wrk or k6 keep one per virtual
 * user: a blocking socket, a request written in one go, the answer read to its end (Content-Length or
 * chunked) and dropped. It spends a small fraction of what java.net.http spends per request, which
 * matters when the generator shares the gateway's two cores: what it saves is measured as the gateway's.
 */
final class KeepAliveConnection implements AutoCloseable {

    /** One request: its bytes are built once and sent as often as needed. */
    record Request(byte[] bytes) {

        static Request get(String host, String path) {
            return new Request(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }

        static Request postJson(String host, String path, String json) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] bytes = new byte[head.length + body.length];
            System.arraycopy(head, 0, bytes, 0, head.length);
            System.arraycopy(body, 0, bytes, head.length, body.length);
            return new Request(bytes);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final StringBuilder line = new StringBuilder(128);
    private boolean closedByServer;

    KeepAliveConnection(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    /** @return the answer's status code, its body read and dropped */
    int send(Request request) throws IOException {
        out.write(request.bytes());
        out.flush();
        int status = Integer.parseInt(readLine().substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(header.substring(15).trim());
            } else if (header.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)) {
                chunked = header.toLowerCase().contains("chunked");
            } else if (header.regionMatches(true, 0, "Connection:", 0, 11)) {
                closedByServer = header.toLowerCase().contains("close");
            }
        }
        if (chunked) {
            skipChunks();
        } else if (length > 0) {
            in.skipNBytes(length);
        }
        return status;
    }

    /** Tomcat ends a keep-alive connection after max-keep-alive-requests (100); the caller opens a new one. */
    boolean closedByServer() {
        return closedByServer;
    }

    private void skipChunks() throws IOException {
        for (long size = chunkSize(); size > 0; size = chunkSize()) {
            in.skipNBytes(size);
            readLine();
        }
        while (!readLine().isEmpty()) {
            // trailers, if any, up to the empty line
        }
    }

    private long chunkSize() throws IOException {
        String size = readLine();
        int extension = size.indexOf(';');
        return Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
    }

    private String readLine() throws IOException {
        line.setLength(0);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed by the gateway");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
