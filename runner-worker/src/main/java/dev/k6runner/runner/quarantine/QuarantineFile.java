package dev.k6runner.runner.quarantine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.k6runner.runner.publish.DurableFile;
import tools.jackson.databind.json.JsonMapper;

/**
 * The quarantine on the host's own disk ({@code <K6_RESULTS_DIR>/quarantine.json}), so a restarted runner on a sick
 * host stays quarantined until its probe passes or an operator releases it. The disk, not the registry row: the
 * quarantine is the host's, and a runner's id may change at each start. A disk that refuses the file (full, which
 * may be the very fault) leaves the quarantine in memory only, as it was before this file existed.
 */
final class QuarantineFile {

    private static final Logger log = LoggerFactory.getLogger(QuarantineFile.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;

    QuarantineFile(Path resultsDir) {
        this.file = resultsDir.toAbsolutePath().resolve("quarantine.json");
    }

    Optional<Quarantine.State> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Quarantine.State.class));
        } catch (IOException | RuntimeException e) {
            log.error("the stored quarantine {} is unreadable; the runner starts unquarantined: {}", file, e.toString());
            return Optional.empty();
        }
    }

    void write(Quarantine.State state) {
        try {
            DurableFile.write(file, JSON.writeValueAsString(state));
        } catch (IOException | RuntimeException e) {
            log.error("could not store the quarantine in {}; a restart would forget it: {}", file, e.toString());
        }
    }

    void remove() {
        try {
            DurableFile.delete(file);
        } catch (IOException | RuntimeException e) {
            log.error("could not remove the stored quarantine {}; a restart would probe the host again: {}", file, e.toString());
        }
    }
}
