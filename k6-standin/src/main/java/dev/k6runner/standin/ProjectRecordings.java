package dev.k6runner.standin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Chooses the recording for a project (a script with local files, or a k6 archive) and holds it to what real k6
 * would load: a recording made with local files (multi-file, archive) replays only when those files are where k6
 * looks for them, with the recorded content. A missing local module replays recording missing-module.
 */
final class ProjectRecordings {

    private static final String ARCHIVE = "archive";
    /** Where the archive recording keeps the project it archived. */
    private static final String ARCHIVED_PROJECT = "project/";
    /** The archive's second run was made with {@code --vus 1 --iterations 3}. */
    private static final Set<String> ARCHIVE_OVERRIDES = Set.of("vus", "iterations", "duration");

    private ProjectRecordings() {
    }

    /** The recording {@code k6 run} replays for this project. */
    static Recording forRun(Project project, Set<String> given, String defaultScenario, Terminal terminal) {
        Recording chosen;
        if (project.isArchive() && isArchivedProject(project)) {
            Recording archive = new Recording(ARCHIVE);
            chosen = given.stream().anyMatch(ARCHIVE_OVERRIDES::contains) ? archive.variant("overrides-") : archive;
        } else {
            chosen = Catalog.choose(project.script(), Recording::isRun, given, defaultScenario);
            notePlainRecording(project, chosen, terminal);
        }
        return checked(chosen, project, terminal);
    }

    /** The archive recording (its overrides run when k6 inspect finds them in its environment), or null. */
    static Recording forInspect(Project project, Set<String> given) {
        if (!project.isArchive() || !isArchivedProject(project)) {
            return null;
        }
        Recording archive = new Recording(ARCHIVE);
        Recording chosen = given.stream().anyMatch(ARCHIVE_OVERRIDES::contains) ? archive.variant("overrides-") : archive;
        return checked(chosen, project, null);
    }

    private static boolean isArchivedProject(Project project) {
        String recorded = new Recording(ARCHIVE).text(ARCHIVED_PROJECT + "script.js");
        return recorded != null && Catalog.normalize(recorded).equals(Catalog.normalize(project.script()));
    }

    private static void notePlainRecording(Project project, Recording chosen, Terminal terminal) {
        if (project.isArchive()) {
            terminal.err("k6-standin: this archive's script was recorded as a plain script ('" + chosen.name()
                    + "'), not as an archive: replayed as that run");
        }
    }

    private static Recording checked(Recording recording, Project project, Terminal terminal) {
        String recordedAt = recording.name().equals(ARCHIVE) ? ARCHIVED_PROJECT : "";
        Recording base = new Recording(recording.name());
        for (String file : localFiles(recording.name())) {
            byte[] actual = project.localFile(file);
            if (actual == null) {
                return missing(recording, project, file, terminal);
            }
            String recorded = base.text(recordedAt + file);
            if (!Catalog.normalize(recorded).equals(Catalog.normalize(new String(actual, StandardCharsets.UTF_8)))) {
                throw new StandinFailure("./" + file + " differs from recording '" + recording.name()
                        + "': no recording of this project");
            }
        }
        return recording;
    }

    private static Recording missing(Recording recording, Project project, String file, Terminal terminal) {
        if (project.isArchive() || !file.endsWith(".js") || terminal == null) {
            throw new StandinFailure("recording '" + recording.name() + "' needs ./" + file + (project.isArchive()
                    ? " in the archive" : " beside the script") + ", and it is missing: real k6 would fail in the "
                    + "init context, with an error that is not recorded for this file");
        }
        terminal.err("k6-standin: recording '" + recording.name() + "' imports ./" + file + ", missing beside the script:"
                + " replaying recording 'missing-module' (its message names ./lib/auth.js)");
        return new Recording("missing-module");
    }

    private static List<String> localFiles(String scenario) {
        try (InputStream in = ProjectRecordings.class.getResourceAsStream("/k6-recordings-local-files.txt")) {
            if (in == null) {
                return List.of();
            }
            Predicate<String[]> ofScenario = fields -> fields.length == 2 && fields[0].equals(scenario);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(l -> l.strip().split("\\s+"))
                    .filter(ofScenario).map(fields -> fields[1]).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
