package dev.k6runner.gateway.bundle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.k6runner.gateway.BundleProperties;
import dev.k6runner.gateway.web.ApiProblem;
import dev.k6runner.platform.bundle.BundleKind;
import dev.k6runner.platform.bundle.BundleLimits;
import dev.k6runner.platform.bundle.BundlePath;
import dev.k6runner.platform.bundle.BundleRefused;
import dev.k6runner.platform.bundle.BundleRefused.Reason;
import dev.k6runner.platform.bundle.BundleTar;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns what a client sent into a checked {@link Bundle}, or a problem document (400, 413 over the size limit).
 * Nothing is stored here: a refusal leaves no trace.
 */
@Component
public class Bundles {

    /** The work folder's own names: the entry script, an archive's place, k6's stream pipe and summary export. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("script.js", "archive.tar", "metrics.fifo",
            "summary.json");

    private final BundleLimits limits;
    private final JsonMapper mapper;

    Bundles(BundleProperties properties, JsonMapper mapper) {
        this.limits = properties.limits();
        this.mapper = mapper;
    }

    /** A JSON {@code files} map (relative path → UTF-8 text), stored as its canonical tar. */
    public Bundle files(Map<String, String> files) {
        try {
            if (files.size() > limits.maxFiles()) {
                throw new BundleRefused(Reason.TOO_MANY_FILES, files.size() + " files; at most " + limits.maxFiles());
            }
            SortedMap<String, byte[]> normal = new TreeMap<>();
            long total = 0;
            for (var file : files.entrySet()) {
                String path = BundlePath.normalize(file.getKey());
                if (RESERVED.contains(path)) {
                    throw new BundleRefused(Reason.PATH, "path '" + file.getKey() + "' is reserved in the run's folder "
                            + "(`script` is placed as script.js; k6 writes the others)");
                }
                byte[] content = (file.getValue() == null ? "" : file.getValue()).getBytes(StandardCharsets.UTF_8);
                total += content.length;
                if (total > limits.maxBytes()) {
                    throw new BundleRefused(Reason.TOO_LARGE, "the files are over " + limits.maxBytes() + " bytes");
                }
                if (normal.put(path, content) != null) {
                    throw new BundleRefused(Reason.PATH, "path '" + path + "' is given twice");
                }
            }
            return canonical(normal);
        } catch (BundleRefused refused) {
            throw problem(refused);
        }
    }

    /**
     * The canonical tar of a files map and its sha256 in one pass: hashed as it is written, into a buffer of the
     * size it will have (handed over as is, not copied). A 1 MiB files map was written into a growing buffer, copied
     * out, and read again for its hash.
     */
    private static Bundle canonical(SortedMap<String, byte[]> files) {
        MessageDigest digest = sha256Digest();
        SizedBytes bytes = new SizedBytes(BundleTar.sizeOf(files));
        BundleTar.write(files, new DigestOutputStream(bytes, digest));
        return new Bundle(BundleKind.FILES, bytes.bytes(), HexFormat.of().formatHex(digest.digest()),
                List.copyOf(files.keySet()), Map.of());
    }

    /** A byte buffer that hands out its own array when it was sized exactly, instead of a copy. */
    private static final class SizedBytes extends ByteArrayOutputStream {

        SizedBytes(int size) {
            super(size);
        }

        byte[] bytes() {
            return count == buf.length ? buf : toByteArray();
        }
    }

    /**
     * A tar made by {@code k6 archive}, stored as uploaded but for its env (k6 reads it itself, inside the run's
     * confinement): the hash is of what is stored, so archives that differ only in env values are stored once.
     */
    public Bundle archive(byte[] tar) {
        try {
            List<BundleTar.Entry> entries = BundleTar.scan(tar, limits);
            BundleTar.requireK6Archive(entries);
            ArchiveEnv.Split split = ArchiveEnv.split(tar, mapper);
            return new Bundle(BundleKind.ARCHIVE, split.archive(), sha256(split.archive()),
                    entries.stream().map(BundleTar.Entry::name).toList(), split.env());
        } catch (BundleRefused refused) {
            throw problem(refused);
        }
    }

    /** The problem document of a refused bundle. */
    public static ApiProblem problem(BundleRefused refused) {
        HttpStatus status = refused.reason() == Reason.TOO_LARGE ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        String title = switch (refused.reason()) {
            case PATH -> "A bundle path is not acceptable";
            case ENTRY_TYPE -> "A bundle entry is not a regular file";
            case TOO_LARGE -> "The bundle is too large";
            case TOO_MANY_FILES -> "The bundle holds too many files";
            case MALFORMED -> "The archive is not a readable k6 archive";
        };
        return ApiProblem.of(status, refused.reason().slug(), title, refused.getMessage());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
