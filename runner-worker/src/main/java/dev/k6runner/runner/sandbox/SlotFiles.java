package dev.k6runner.runner.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a slot's uid owns on the host outside its folder: its processes, its leftovers, the way to its folder. */
final class SlotFiles {

    private static final Logger log = LoggerFactory.getLogger(SlotFiles.class);
    /** The host's directories any uid may write into: the only places outside its folder a slot's uid can leave files. */
    private static final List<Path> WORLD_WRITABLE_ROOTS = List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm"));
    private static final int KILL_PASSES = 50;

    private SlotFiles() {
    }

    /**
     * Kills every process whose real, effective, saved or filesystem uid is {@code uid}, pass after pass, so that a
     * process forked while the previous pass ran is caught by the next. Zombies hold nothing and are left to be reaped.
     */
    static void killAll(int uid) {
        for (int pass = 0; pass < KILL_PASSES; pass++) {
            List<Long> alive = processesOf(uid);
            if (alive.isEmpty()) {
                return;
            }
            alive.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
        log.error("processes of uid {} still alive after {} kill passes: {}", uid, KILL_PASSES, processesOf(uid));
    }

    /** Live (not zombie) processes of {@code uid}, from {@code /proc}. */
    static List<Long> processesOf(int uid) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(entry -> livingAs(entry.resolve("status"), uid))
                    .map(entry -> Long.parseLong(entry.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
    }

    private static boolean livingAs(Path status, int uid) {
        try {
            List<String> lines = Files.readAllLines(status);
            boolean zombie = lines.stream().anyMatch(line -> line.startsWith("State:") && line.contains("Z"));
            return !zombie && lines.stream().filter(line -> line.startsWith("Uid:")).findFirst()
                    .map(line -> Stream.of(line.substring(4).trim().split("\\s+")).anyMatch(id -> id.equals(Integer.toString(uid))))
                    .orElse(false);
        } catch (IOException e) {
            return false; // the process ended meanwhile
        }
    }

    /** Deletes what {@code uid} created in the host's world-writable directories (and in theirs, recursively). */
    static void removeLeftovers(int uid) {
        WORLD_WRITABLE_ROOTS.stream().filter(Files::isDirectory).forEach(root -> removeOwnedBy(root, uid, 0));
    }

    private static void removeOwnedBy(Path directory, int uid, int depth) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                if (owner(child) == uid) {
                    log.info("removing {}, left by uid {}", child, uid);
                    deleteTree(child);
                } else if (depth < 8 && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && worldWritable(child)) {
                    removeOwnedBy(child, uid, depth + 1);
                }
            }
        } catch (IOException e) {
            log.warn("cannot clean {} of uid {}'s files: {}", directory, uid, e.toString());
        }
    }

    /**
     * Empty when {@code uid} can reach a folder inside {@code workRoot}; else why not. Tightens the work root so that
     * no other uid may list it (run ids are not theirs to see): mode {@code rwx--x--x}.
     */
    static Optional<String> prepareWorkRoot(Path workRoot) throws IOException {
        Files.createDirectories(workRoot);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(workRoot);
        if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of("work-dir " + workRoot + " is writable by every uid (" + PosixFilePermissions.toString(mode)
                    + "): give the runner a folder of its own");
        }
        Set<PosixFilePermission> tight = EnumSet.of(PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        mode.stream().filter(permission -> permission.name().startsWith("OWNER")).forEach(tight::add);
        Files.setPosixFilePermissions(workRoot, tight);
        return reachability(workRoot.toAbsolutePath());
    }

    /** Throws when another uid could not even reach a folder in {@code workRoot}: k6 would fail in a confusing way. */
    static void requireReachable(Path workRoot, int uid) throws IOException {
        Optional<String> failure = reachability(workRoot);
        if (failure.isPresent()) {
            throw new IOException("k6's uid " + uid + " cannot reach its folder: " + failure.get());
        }
    }

    private static Optional<String> reachability(Path workRoot) throws IOException {
        for (Path dir = workRoot; dir != null; dir = dir.getParent()) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
            if (!mode.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return Optional.of(dir + " is " + PosixFilePermissions.toString(mode)
                        + ": every folder on the way to work-dir needs search permission for others (chmod o+x)");
            }
        }
        return Optional.empty();
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int owner(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean worldWritable(Path path) throws IOException {
        return Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).contains(PosixFilePermission.OTHERS_WRITE);
    }
}
