package dev.k6runner.platform.bundle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.k6runner.platform.bundle.BundleRefused.Reason;

/**
 * A bundle path in its one normal form: relative, {@code /}-separated, without {@code .} or empty segments. Anything
 * that could name a place outside the bundle's folder is refused, not repaired.
 */
public final class BundlePath {

    /** A path component's limit on Linux file systems, applied to the whole path as well. */
    private static final int MAX_PATH_BYTES = 255 * 4;

    private BundlePath() {
    }

    /** {@code ./lib//util.js} → {@code lib/util.js}; {@code ../x}, {@code /etc/passwd}, {@code C:\x} are refused. */
    public static String normalize(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw refused(raw, "is empty");
        }
        if (raw.startsWith("/") || raw.contains("\\") || raw.matches("^[A-Za-z]:.*")) {
            throw refused(raw, "is absolute; bundle paths are relative to the script's folder");
        }
        if (raw.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw refused(raw, "holds a control character");
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw refused(raw, "is longer than " + MAX_PATH_BYTES + " bytes");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/")) {
            if (segment.equals("..")) {
                throw refused(raw, "climbs out of the bundle with '..'");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            throw refused(raw, "names no file");
        }
        return String.join("/", segments);
    }

    private static BundleRefused refused(String raw, String why) {
        return new BundleRefused(Reason.PATH, "path '" + (raw == null ? "" : raw.replaceAll("\\p{Cntrl}", "?")) + "' " + why);
    }
}
