package dev.k6runner.deploychecks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the runner image's scripts promise, read from the scripts themselves, so that compose, Kubernetes and the
 * Dockerfile are held to the same facts: the capabilities the JVM keeps, where secrets go, what the firewall is.
 */
final class Containers {

    static final String ENTRYPOINT = "runner-worker/docker/runner-entrypoint.sh";
    static final String FIREWALL = "runner-worker/docker/k6-egress-firewall.sh";

    /** The capabilities the runner's JVM keeps (entrypoint's KEEP), upper case as compose and Kubernetes write them. */
    static final List<String> RUNNER_CAPABILITIES = Arrays.stream(scriptValue(ENTRYPOINT, "KEEP").split(","))
            .map(name -> name.toUpperCase(Locale.ROOT)).toList();

    /** Compose's runner: those, plus what the entrypoint's firewall step needs and then drops. */
    static final List<String> COMPOSE_RUNNER_CAPABILITIES = concat(RUNNER_CAPABILITIES, List.of("NET_ADMIN", "SETPCAP"));

    /** Where the entrypoint writes secrets it takes out of the environment. */
    static final String ENTRYPOINT_SECRETS_DIR = match(ENTRYPOINT, "\\$\\{SECRETS_DIR:-([^}]+)}");

    private Containers() {
    }

    /** The variables the entrypoint moves from the environment into root-only files. */
    static List<String> entrypointSecretNames() {
        return List.of(match(ENTRYPOINT, "SECRET_NAMES=\\(([^)]*)\\)").trim().split("\\s+"));
    }

    /** {@code 1g}, {@code 256m}, {@code 400MB}, {@code 2Gi} in bytes. */
    static long bytes(String size) {
        Matcher matcher = Pattern.compile("(\\d+)\\s*([kmgKMG]?)(i?[bB]?)").matcher(size.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a size: " + size);
        }
        int shift = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        return Long.parseLong(matcher.group(1)) << shift;
    }

    private static String scriptValue(String script, String name) {
        return match(script, "readonly " + name + "=\"([^\"]*)\"");
    }

    private static String match(String script, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(Repo.read(script));
        if (!matcher.find()) {
            throw new IllegalStateException(script + " has no " + regex);
        }
        return matcher.group(1);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
