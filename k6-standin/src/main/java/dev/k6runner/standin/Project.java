package dev.k6runner.standin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What k6 loads from its script argument: a script whose local modules and {@code open()} files resolve relative to
 * its folder (recording multi-file), or a k6 archive: {@code metadata.json}, the entry script as {@code data} and
 * every local file under {@code file/<pwd on the archiving machine>/…} (recording archive).
 *
 * @param script   the entry script's text
 * @param folder   the script's folder (null for an archive or stdin)
 * @param archived the archive's files by tar name (null for a plain script)
 * @param pwd      the archive's {@code pwd} as a tar name prefix ({@code file/srv/…/project/}), null for a plain script
 */
record Project(String script, Path folder, Map<String, byte[]> archived, String pwd) {

    private static final Pattern PWD = Pattern.compile("\"pwd\"\\s*:\\s*\"file://([^\"]*)\"");

    static Project load(String arg) throws IOException {
        if (arg.equals("-")) {
            return new Project(new String(System.in.readAllBytes(), StandardCharsets.UTF_8), null, null, null);
        }
        Path path = Path.of(arg).toAbsolutePath();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new StandinFailure("cannot read the script " + arg + ": " + e);
        }
        Map<String, byte[]> tar = TarFile.files(bytes);
        if (tar == null) {
            return new Project(new String(bytes, StandardCharsets.UTF_8), path.getParent(), null, null);
        }
        return archive(arg, tar);
    }

    private static Project archive(String arg, Map<String, byte[]> tar) {
        byte[] metadata = tar.get("metadata.json");
        byte[] data = tar.get("data");
        if (metadata == null || data == null) {
            throw new StandinFailure(arg + " is a tar without metadata.json and data, not a k6 archive; what real k6 "
                    + "does with it is not recorded");
        }
        Matcher pwd = PWD.matcher(new String(metadata, StandardCharsets.UTF_8));
        String prefix = pwd.find() ? "file" + pwd.group(1) + "/" : "file/";
        return new Project(new String(data, StandardCharsets.UTF_8), null, tar, prefix);
    }

    boolean isArchive() {
        return archived != null;
    }

    /** A local file relative to the script's folder ({@code lib/util.js}), or null when k6 would not find it. */
    byte[] localFile(String relative) {
        if (isArchive()) {
            return archived.get(pwd + relative);
        }
        if (folder == null) {
            return null;
        }
        try {
            Path file = folder.resolve(relative);
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
