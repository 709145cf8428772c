package dev.k6runner.deploychecks;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Spring Boot's relaxed binding from environment variables: dots become underscores, dashes go,
 * letters are upper case ({@code k6runner.gateway.auth.mode} ← {@code K6RUNNER_GATEWAY_AUTH_MODE}). Boot also
 * still binds the legacy form with dashes as underscores, so both count.
 */
final class EnvNames {

    private EnvNames() {
    }

    static Set<String> of(String propertyName) {
        String name = propertyName.replaceAll("\\[(\\d+)]", ".$1");
        Set<String> forms = new TreeSet<>();
        forms.add(name.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT));
        forms.add(name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT));
        return forms;
    }

    /** Whether {@code env} binds {@code propertyName}; a name ending in {@code .*} takes any key below it. */
    static boolean binds(String env, String propertyName) {
        if (propertyName.endsWith(".*")) {
            String prefix = propertyName.substring(0, propertyName.length() - 2);
            return of(prefix).stream().anyMatch(form -> env.startsWith(form + "_"));
        }
        return of(propertyName).contains(env);
    }
}
