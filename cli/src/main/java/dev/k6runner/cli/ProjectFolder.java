package dev.k6runner.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The files a script needs beside it, when no k6 is installed to make a {@code k6 archive}: its folder, walked without
 * following links, minus an ignore list, within the service's default bundle limits. Only a script that refers to a
 * local file ({@code import … from './…'}, {@code open('./…')}, {@code require('./…')}) gets its folder sent.
 */
final class ProjectFolder {

    /** What the folder holds: files for the JSON {@code files} map, and what was left out (with the reason). */
    record Bundle(Map<String, String> files, List<String> skipped) {
    }

    /** The service's default limits (k6runner.bundle.max-bytes, max-files): beyond them, make a k6 archive. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    static final int MAX_FILES = 1000;
    /** Folders and files a test never reads, and secrets that should never leave the machine. */
    private static final Set<String> IGNORED_NAMES = Set.of("node_modules", "target", "build", "dist", "__pycache__");
    private static final List<String> IGNORED_SUFFIXES = List.of(".tar", ".tgz", ".tar.gz", ".zip", ".log", ".pem", ".key");
    /** The run's folder on the runner keeps these names for itself (the gateway refuses them in a bundle). */
    private static final Set<String> RESERVED = Set.of("script.js", "archive.tar", "metrics.fifo", "summary.json");
    private static final Pattern LOCAL_REFERENCE = Pattern.compile(
            "(from\\s*|import\\s*\\(\\s*|require\\s*\\(\\s*|open\\s*\\(\\s*)['\"`]\\.{1,2}/");

    private ProjectFolder() {
    }

    /** The folder's files for {@code script}, or an empty bundle when the script refers to no local file. */
    static boolean refersToLocalFiles(String scriptText) {
        return LOCAL_REFERENCE.matcher(scriptText).find();
    }

    static Bundle of(Path script, String scriptText) throws UsageException {
        if (!refersToLocalFiles(scriptText)) {
            return new Bundle(Map.of(), List.of());
        }
        Path root = script.toAbsolutePath().normalize().getParent();
        Path entry = script.toAbsolutePath().normalize();
        Map<String, String> files = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        long[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && ignored(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String name = root.relativize(file).toString().replace('\\', '/');
                    if (file.equals(entry) || ignored(file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (!attrs.isRegularFile() || RESERVED.contains(name)) {
                        skipped.add(name + (attrs.isRegularFile() ? " (a name the run's folder keeps for itself)" : " (not a regular file)"));
                        return FileVisitResult.CONTINUE;
                    }
                    String text = utf8(Files.readAllBytes(file));
                    if (text == null) {
                        skipped.add(name + " (binary: send a k6 archive to bundle binary files)");
                        return FileVisitResult.CONTINUE;
                    }
                    total[0] += attrs.size();
                    files.put(name, text);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UsageException("cannot read the folder " + root + ": " + e.getMessage());
        }
        if (files.size() > MAX_FILES || total[0] > MAX_BYTES) {
            throw new UsageException("the folder " + root + " holds " + files.size() + " files, " + total[0] + " bytes: over the "
                    + "service's limit (" + MAX_FILES + " files, " + MAX_BYTES + " bytes). Make a k6 archive of the test "
                    + "(k6 archive -O test.tar " + script.getFileName() + ") and run that");
        }
        return new Bundle(files, skipped);
    }

    private static boolean ignored(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(".") || IGNORED_NAMES.contains(name) || IGNORED_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
