package dev.k6runner.bench.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A JFR recording of one phase of the harness ({@code -Dbench.record=polls} records the poll loads into
 * {@code gateway-polls.jfr}), so that a profile shows that phase alone and not the warm-up's mixed traffic.
 */
final class PhaseRecording implements AutoCloseable {

    private final Recording recording;
    private final Path file;

    private PhaseRecording(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /** Starts recording when {@code bench.record} names this phase; otherwise records nothing. */
    static PhaseRecording of(String phase) {
        if (!phase.equals(System.getProperty("bench.record"))) {
            return new PhaseRecording(null, null);
        }
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.start();
            return new PhaseRecording(recording, Path.of("gateway-" + phase + ".jfr"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("the JDK's profile settings did not parse", e);
        }
    }

    @Override
    public void close() {
        if (recording == null) {
            return;
        }
        try (recording) {
            recording.stop();
            recording.dump(file);
            System.out.println("[gateway-bench] recorded " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
