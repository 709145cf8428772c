package dev.k6runner.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The three images: how they are built, who they run as, what they expose and check. */
class DockerfilesTest {

    static List<String> modules() {
        return ServiceConfig.MODULES;
    }

    static List<String> instructions(String module) {
        String text = Repo.read(module + "/Dockerfile").replaceAll("\\\\\\n", " ");
        return Arrays.stream(text.split("\n")).map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    static List<String> starting(List<String> lines, String keyword) {
        return lines.stream().filter(line -> line.toUpperCase(java.util.Locale.ROOT).startsWith(keyword + " ")).toList();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void multiStageBuildOfTheModulesExecJarOntoAJava25Jre(String module) {
        List<String> lines = instructions(module);
        List<String> froms = starting(lines, "FROM");
        assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
        assertThat(froms.getFirst()).contains("eclipse-temurin:25-jdk");
        assertThat(froms.getLast()).isEqualTo("FROM eclipse-temurin:25-jre");
        String build = String.join("\n", starting(lines, "RUN"));
        assertThat(build).contains("./mvnw", "-pl " + module + " -am package", module + "/target/" + module + "-*-exec.jar");
        assertThat(String.join("\n", starting(lines, "LABEL"))).contains("org.opencontainers.image.title=\"" + module + "\"");
    }

    /** The gateway and the analyzer run as uid 10001; the runner as root, for its separate-user confinement of k6. */
    @ParameterizedTest
    @MethodSource("modules")
    void runsAsItsUserExposesBothPortsAndChecksLivenessOnTheManagementPort(String module) {
        ServiceConfig service = ServiceConfig.load(module);
        List<String> lines = instructions(module);
        List<String> users = starting(lines, "USER");
        assertThat(users).hasSize(1);
        String user = users.getFirst().substring(5).trim().split(":")[0];
        if (module.equals("runner-worker")) {
            assertThat(user).isEqualTo("0");
        } else {
            assertThat(user).isNotIn("root", "0");
        }
        assertThat(starting(lines, "EXPOSE")).containsExactly("EXPOSE " + service.defaultPort() + " " + service.defaultManagementPort());
        assertThat(env(lines, "PORT")).isEqualTo(String.valueOf(service.defaultPort()));
        assertThat(env(lines, "MANAGEMENT_PORT")).isEqualTo(String.valueOf(service.defaultManagementPort()));
        List<String> healthchecks = starting(lines, "HEALTHCHECK");
        assertThat(healthchecks).hasSize(1);
        assertThat(healthchecks.getFirst()).contains("http://127.0.0.1:${MANAGEMENT_PORT}/actuator/health/liveness");
        assertThat(String.join("\n", starting(lines, "ENTRYPOINT"))).contains("JarLauncher");
    }

    /**
     * Compact object headers (JDK 25, JEP 519) gave the gateway about a quarter more status polls per second
     * on 2 cores in its harness; every service runs with them, and memory limits stay relative.
     */
    @ParameterizedTest
    @MethodSource("modules")
    void theJvmRunsWithCompactHeadersARelativeHeapAndExitsOnOutOfMemory(String module) {
        assertThat(env(instructions(module), "JAVA_TOOL_OPTIONS"))
                .contains("-XX:+UseCompactObjectHeaders", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=");
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyEnvironmentNameTheImageSetsIsReadByTheService(String module) {
        ServiceConfig service = ServiceConfig.load(module);
        for (String line : starting(instructions(module), "ENV")) {
            Matcher names = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=").matcher(line.substring(4).replaceAll("\"[^\"]*\"", "\"\""));
            while (names.find()) {
                assertThat(service.reads(names.group(1))).as(module + " reads " + names.group(1)).isTrue();
            }
        }
    }

    @Test
    void theRunnerCarriesAPinnedK6FromTheOfficialImageAndWhatItsConfinementUses() {
        List<String> lines = instructions("runner-worker");
        List<String> k6 = lines.stream().filter(line -> line.contains("/usr/bin/k6 /usr/bin/k6")).toList();
        assertThat(k6).singleElement().asString().matches("COPY --from=grafana/k6:\\d+\\.\\d+\\.\\d+ /usr/bin/k6 /usr/bin/k6");
        String run = String.join("\n", starting(lines, "RUN"));
        // setpriv and prlimit (util-linux) for separate-user, nft for the egress firewall, bwrap for mechanism auto
        assertThat(run).containsPattern("apt-get install [^\\n]*util-linux").containsPattern("apt-get install [^\\n]*nftables")
                .containsPattern("apt-get install [^\\n]*bubblewrap");
        assertThat(env(lines, "K6_BINARY")).isEqualTo("/usr/bin/k6");
        assertThat(env(lines, "K6RUNNER_RUNNER_CONFINEMENT_MECHANISM")).isEqualTo("separate-user");
        assertThat(run).contains("chmod 2770 " + env(lines, "K6_RESULTS_DIR"), "chmod 0711 " + env(lines, "K6RUNNER_RUNNER_WORKDIR"));
        // the gateway's image makes the same results folder: whichever first fills compose's shared volume
        assertThat(String.join("\n", starting(instructions("api-gateway"), "RUN"))).contains("chmod 2770 " + env(lines, "K6_RESULTS_DIR"));
    }

    /** The entrypoint and the firewall are in the image, executable, and the entrypoint starts the JVM. */
    @Test
    void theRunnerStartsThroughItsEntrypointWhichCarriesTheFirewall() {
        List<String> lines = instructions("runner-worker");
        assertThat(lines).contains("COPY --chmod=0755 " + Containers.ENTRYPOINT + " " + Containers.FIREWALL + " /usr/local/bin/");
        assertThat(starting(lines, "ENTRYPOINT")).containsExactly(
                "ENTRYPOINT [\"/usr/local/bin/runner-entrypoint.sh\", \"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
        for (String script : List.of(Containers.ENTRYPOINT, Containers.FIREWALL)) {
            assertThat(Repo.path(script)).isExecutable();
            assertThat(Repo.read(script)).startsWith("#!/bin/bash\n").contains("set -euo pipefail");
        }
    }

    static String env(List<String> lines, String name) {
        for (String line : starting(lines, "ENV")) {
            Matcher matcher = Pattern.compile("(?:^|\\s)" + name + "=(\"[^\"]*\"|\\S+)").matcher(line.substring(3));
            if (matcher.find()) {
                return matcher.group(1).replace("\"", "");
            }
        }
        return null;
    }
}
