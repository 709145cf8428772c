package dev.k6runner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Result documents shaped as the contract says, from src/test/resources/documents. */
final class Documents {

    private Documents() {
    }

    static String text(String name) {
        try (InputStream in = Documents.class.getResourceAsStream("/documents/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        return Json.parse(text(name));
    }

    /** A copy of a document with its status (and exit code) replaced. */
    static String withStatus(String name, String status, Integer k6ExitCode) {
        ObjectNode doc = (ObjectNode) json(name);
        doc.put("status", status);
        if (k6ExitCode == null) {
            doc.putNull("k6_exit_code");
        } else {
            doc.put("k6_exit_code", k6ExitCode);
        }
        return doc.toString();
    }
}
