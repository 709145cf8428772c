package dev.k6runner.gateway.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import dev.k6runner.platform.bundle.BundlePath;
import dev.k6runner.platform.bundle.BundleRefused;
import dev.k6runner.platform.bundle.BundleRefused.Reason;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code k6 archive -e NAME=value} keeps the env in the archive's {@code metadata.json}. Env values are not kept once a
 * run ends, and a bundle outlives its runs (reruns, dedup), so the env is moved out before the archive is stored: the
 * archive is stored with {@code "env": {}} and its values become the run's env, which ends with the run. k6 gives the
 * process env (the run's) precedence over the archive's anyway, so the run sees the same {@code __ENV}. An archive
 * without env is stored byte for byte as uploaded.
 */
final class ArchiveEnv {

    /** The archive as stored, and the env taken out of it (empty when it had none). */
    record Split(byte[] archive, Map<String, String> env) {
    }

    private static final String METADATA = "metadata.json";

    private ArchiveEnv() {
    }

    /** @param tar an archive that passed {@link dev.k6runner.platform.bundle.BundleTar#scan} already */
    static Split split(byte[] tar, JsonMapper mapper) {
        try {
            ObjectNode metadata = metadata(tar, mapper);
            JsonNode env = metadata.get("env");
            if (env == null || env.isNull() || env.isObject() && env.isEmpty()) {
                return new Split(tar, Map.of());
            }
            if (!env.isObject()) {
                throw malformed("its 'env' is not an object");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (var variable : env.properties()) {
                if (!variable.getValue().isString()) {
                    throw malformed("env '" + variable.getKey() + "' is not a string");
                }
                values.put(variable.getKey(), variable.getValue().asString());
            }
            metadata.set("env", mapper.createObjectNode());
            return new Split(replace(tar, mapper.writeValueAsBytes(metadata)), values);
        } catch (IOException | JacksonException e) {
            throw malformed("it could not be read: " + e.getMessage());
        }
    }

    private static ObjectNode metadata(byte[] tar, JsonMapper mapper) throws IOException {
        try (TarArchiveInputStream in = open(tar)) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (isMetadata(entry)) {
                    if (mapper.readTree(in.readAllBytes()) instanceof ObjectNode object) {
                        return object;
                    }
                    throw malformed("it is not a JSON object");
                }
            }
        }
        throw malformed("it is missing");
    }

    /** The same tar, entry for entry and byte for byte, but for metadata.json's content. */
    private static byte[] replace(byte[] tar, byte[] metadata) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(tar.length);
        try (TarArchiveInputStream in = open(tar);
             TarArchiveOutputStream out = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name())) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            out.setAddPaxHeadersForNonAsciiNames(true);
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                TarArchiveEntry written = entry;
                if (isMetadata(entry)) {
                    // a new entry: the input stream finds the next one by this entry's size, which must not change
                    written = new TarArchiveEntry(entry.getName());
                    written.setMode(entry.getMode());
                    written.setModTime(entry.getModTime());
                    written.setSize(metadata.length);
                    content = metadata;
                }
                out.putArchiveEntry(written);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static boolean isMetadata(TarArchiveEntry entry) {
        return entry.isFile() && BundlePath.normalize(entry.getName()).equals(METADATA);
    }

    private static TarArchiveInputStream open(byte[] tar) {
        return new TarArchiveInputStream(new ByteArrayInputStream(tar), StandardCharsets.UTF_8.name());
    }

    private static BundleRefused malformed(String why) {
        return new BundleRefused(Reason.MALFORMED, "the archive's " + METADATA + " is not k6's: " + why);
    }
}
