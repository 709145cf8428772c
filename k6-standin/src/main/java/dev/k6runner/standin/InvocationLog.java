package dev.k6runner.standin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Appends {"args":[...],"env":{...},"cwd":"..."} per invocation, so tests can see how k6 was started. */
final class InvocationLog {

    private InvocationLog() {
    }

    static void append(Path log, List<String> args, Map<String, String> env, String cwd) {
        StringBuilder line = new StringBuilder("{\"args\":[");
        for (int i = 0; i < args.size(); i++) {
            line.append(i == 0 ? "" : ",").append(Json.quote(args.get(i)));
        }
        line.append("],\"env\":{");
        boolean first = true;
        for (var entry : new TreeMap<>(env).entrySet()) {
            line.append(first ? "" : ",").append(Json.quote(entry.getKey())).append(':').append(Json.quote(entry.getValue()));
            first = false;
        }
        line.append("},\"cwd\":").append(Json.quote(cwd)).append("}\n");
        // One locked append per line: parallel invocations never interleave.
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); var _ = channel.lock()) {
            ByteBuffer bytes = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw new StandinFailure("cannot append to the invocation log " + log + ": " + e.getMessage());
        }
    }
}
