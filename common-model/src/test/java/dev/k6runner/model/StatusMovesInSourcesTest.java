package dev.k6runner.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Holds the services' SQL to {@link RunTransition}: a statement that sets {@code status} to
 * anything but {@code {to}} (a literal, a bound parameter, a concatenated value) fails here, and
 * {@link RunTransition#render} refuses a statement that lacks {@code {from}}. So a run can move
 * only along a transition, and {@link RunTransitionTest} holds every transition to RunStatus's edges.
 *
 * <p>It reads the three services' main sources from beside this module, the one place that owns
 * the transitions; the benchmarks, which stand in for runners, are not services and are not read.
 */
class StatusMovesInSourcesTest {

    /** {@code SET status = x} or {@code SET r.status = x}, or a later {@code , status = x} in a SET list. */
    private static final Pattern STATUS_ASSIGNMENT =
            Pattern.compile("(?i)(?:\\bSET\\s+|,\\s*)(?:\\w+\\.)?status\\s*+=\\s*+(?!\\{to\\})(\\S{0,20})");

    private static final Map<Actor, String> MODULE = Map.of(
            Actor.GATEWAY, "api-gateway", Actor.RUNNER, "runner-worker", Actor.ANALYZER, "analyzer-worker");

    @Test
    void noServiceSetsAStatusExceptThroughARunTransition() {
        List<String> violations = new ArrayList<>();
        for (String module : MODULE.values()) {
            for (Path file : sources(module)) {
                String text = read(file);
                Matcher m = STATUS_ASSIGNMENT.matcher(text);
                while (m.find()) {
                    violations.add(file + ": " + m.group().strip());
                }
            }
        }
        assertThat(violations).as("status moves that bypass RunTransition").isEmpty();
    }

    @Test
    void eachServiceMakesItsOwnMovesAndNoOtherServicesMoves() {
        for (Actor actor : Actor.values()) {
            String sources = String.join("\n", sources(MODULE.get(actor)).stream().map(StatusMovesInSourcesTest::read).toList());
            for (RunTransition t : RunTransition.values()) {
                boolean used = sources.contains("RunTransition." + t.name())
                        || (t.actor() == Actor.ANALYZER && sources.contains("RunTransition.finish("));
                if (t.actor() == actor) {
                    assertThat(used).as("%s makes %s", MODULE.get(actor), t).isTrue();
                } else {
                    assertThat(used).as("%s must not make %s's move %s", MODULE.get(actor), t.actor(), t).isFalse();
                }
            }
        }
    }

    @Test
    void theScanCatchesAMoveWrittenAsALiteralOrAParameter() {
        for (String sql : List.of("UPDATE runs SET status = 'completed' WHERE status = 'queued'",
                "UPDATE runs r SET status='running'", "UPDATE runs SET status = ?, x = 1",
                "UPDATE runs SET started_at = now(), status = 'running'", "\"UPDATE runs SET status = '\" + s.wireName()")) {
            assertThat(STATUS_ASSIGNMENT.matcher(sql).find()).as(sql).isTrue();
        }
        for (String sql : List.of("UPDATE runs SET status = {to}, status_reason = ? WHERE status = {from}",
                "UPDATE runs r SET status = {to} WHERE r.status = {from}", "UPDATE runs SET status_reason = ?",
                "SELECT id FROM runs WHERE status = 'queued'")) {
            assertThat(STATUS_ASSIGNMENT.matcher(sql).find()).as(sql).isFalse();
        }
    }

    private static List<Path> sources(String module) {
        Path root = Path.of("..", module, "src", "main", "java").toAbsolutePath().normalize();
        assertThat(root).as("the sources of " + module + " beside common-model").isDirectory();
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> java = files.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(java).as("java sources of " + module).isNotEmpty();
            return java;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
