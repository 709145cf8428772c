package dev.k6runner.standin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What k6 does when a run ends, normally or by a signal: the summary export, the file the script's
 * handleSummary() wrote (handle-summary scenario, relative to the cwd), the summary and the final
 * progress block on stdout. {@code --no-summary} skips all three summary parts, as k6 produces the export
 * in the same handleSummary step; {@code --quiet} drops the progress block.
 */
record EndOfTest(Recording recording, RunRequest request, Console console, Terminal terminal) {

    void print() {
        if (!request.noSummary()) {
            if (request.summaryExport() != null) {
                write(request.summaryExport(), recording.bytes("summary-export.json"));
            }
            write(Path.of("handle-summary.json").toAbsolutePath(), recording.bytes("handle-summary.json"));
        }
        List<String> lines = new ArrayList<>();
        for (Console.Block block : console.ending()) {
            if (block.progress() ? !request.quiet() : !request.noSummary()) {
                lines.addAll(block.lines());
            }
        }
        terminal.out(lines);
    }

    private void write(Path path, byte[] bytes) {
        if (bytes == null) {
            return;
        }
        try {
            Files.write(path, bytes);
        } catch (IOException e) {
            terminal.err("k6-standin: cannot write " + path + ": " + e.getMessage());
        }
    }
}
