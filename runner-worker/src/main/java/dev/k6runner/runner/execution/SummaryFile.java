package dev.k6runner.runner.execution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * k6's summary export, read only up to {@link #CAP_BYTES}: a script with enormous summary content (custom metric
 * names, thresholds, tags) must not take the runner's memory, and the raw summary travels in one RunFinished message,
 * which Kafka caps at 8 MiB (k6runner.kafka.max-message-bytes) together with the console tail and the digest, and
 * grows by JSON escaping. Over the cap the run keeps no raw summary and its console says why.
 *
 * @param text   the document as k6 wrote it, or null
 * @param notice why there is none although k6 wrote one, or null
 */
record SummaryFile(String text, String notice) {

    /** 6 MiB: with escaping (about 1.15× for k6's summaries), the console tail and the digest it stays under 8 MiB. */
    static final int CAP_BYTES = 6 * 1024 * 1024;

    static SummaryFile read(Path path) throws IOException {
        return read(path, CAP_BYTES);
    }

    static SummaryFile read(Path path, int capBytes) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(capBytes + 1);
            if (bytes.length > capBytes) {
                return new SummaryFile(null, "[runner: k6's summary export is " + Files.size(path) + " bytes, over the "
                        + ResourceWatchdog.bytes(capBytes) + " a run keeps; no raw summary is kept: it would not fit the "
                        + "RunFinished message]");
            }
            return new SummaryFile(new String(bytes, StandardCharsets.UTF_8), null);
        } catch (NoSuchFileException e) {
            return new SummaryFile(null, null);
        }
    }
}
