package dev.k6runner.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import tools.jackson.databind.JsonNode;

/** The real k6 recordings the stand-in replays, read from the stand-in's own resources. */
final class Recordings {

    private Recordings() {
    }

    static JsonNode summary(String scenario) {
        String resource = "/k6-recordings/" + scenario + "/summary-export.json";
        try (InputStream in = Recordings.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no recording " + resource);
            }
            return GatewayClient.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
