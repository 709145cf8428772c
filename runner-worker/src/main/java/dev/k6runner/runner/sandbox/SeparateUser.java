package dev.k6runner.runner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * k6 under a uid and gid of its own, {@code uidBase + slot}, through {@code setpriv}: no supplementary group, no
 * capability (bounding and inheritable sets emptied, no-new-privs: no setuid binary gives one back), killed with
 * the runner. Needs no namespace, so it works in an ordinary container where bubblewrap cannot. The kernel then
 * keeps k6 from the runner's {@code /proc/<pid>/environ} and from other runs' processes (another uid); file modes
 * keep it from the results directory, other runs' folders and whatever the runner keeps private. setpriv and
 * prlimit exec, so the started process is k6 itself.
 *
 * @param setpriv the setpriv binary (util-linux)
 * @param uidBase slot N runs as uid and gid {@code uidBase + N}
 * @param limits  the rlimits, RLIMIT_NPROC included: it counts per uid, and each slot has its own
 * @param why     why this mechanism was chosen, for {@link #describe()}
 */
record SeparateUser(String setpriv, int uidBase, ResourceLimits limits, String why) implements Confinement {

    /** Owner (the runner) all, group (the slot's gid) all, others nothing. */
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwxrwx---");

    @Override
    public String describe() {
        return "separate-user: k6 runs as uid " + uidBase + "+slot; " + why + "; " + limits.describe(true);
    }

    @Override
    public boolean allowsRuns() {
        return true;
    }

    @Override
    public boolean wrapsInChildProcess() {
        return false;
    }

    /** The uid and gid of the k6 of {@code slot}. */
    public int uid(int slot) {
        return uidBase + slot;
    }

    /**
     * The folder stays the runner's and is handed to the slot's group, mode 770: k6 (whose only group that is) may
     * read and write it, no other slot's uid may even enter it. Being its owner, the runner can always read k6's
     * summary back and delete the folder, and k6 cannot change the folder's mode. What the runner wrote into it
     * (script, metrics pipe) gets the group too, read-write for the pipe, read-only for the rest.
     */
    @Override
    public void prepare(Path workDir, int slot) throws IOException {
        SlotFiles.requireReachable(workDir.toAbsolutePath().getParent(), uid(slot));
        Files.setPosixFilePermissions(workDir, FOLDER);
        Files.setAttribute(workDir, "unix:gid", uid(slot), LinkOption.NOFOLLOW_LINKS);
        try (Stream<Path> entries = Files.walk(workDir)) {
            for (Path entry : entries.filter(path -> !path.equals(workDir)).toList()) {
                Files.setAttribute(entry, "unix:gid", uid(slot), LinkOption.NOFOLLOW_LINKS);
                if (!Files.isSymbolicLink(entry)) {
                    Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString(
                            Files.isDirectory(entry) ? "rwxrwx---" : Files.isRegularFile(entry) ? "rw-r-----" : "rw-rw----"));
                }
            }
        }
    }

    @Override
    public List<String> wrap(List<String> command, Path workDir, Map<String, String> env, int slot) {
        LoaderVariables.refuse(env);
        String id = Integer.toString(uid(slot));
        List<String> line = new ArrayList<>(List.of(setpriv, "--reuid=" + id, "--regid=" + id, "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--pdeathsig", "KILL", "--"));
        line.addAll(limits.command(true));
        line.addAll(command);
        return line;
    }

    /**
     * Kills every process of the slot's uid, whatever k6 or its children started and left behind, then removes what
     * that uid left in the host's world-writable directories (the only places outside its folder it can write).
     */
    @Override
    public void cleanUp(int slot) {
        SlotFiles.killAll(uid(slot));
        SlotFiles.removeLeftovers(uid(slot));
    }
}
