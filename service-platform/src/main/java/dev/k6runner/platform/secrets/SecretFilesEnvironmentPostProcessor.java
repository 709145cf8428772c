package dev.k6runner.platform.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Secrets as files rather than environment variables: {@code <NAME>_FILE=/run/secrets/x} makes the file's
 * content the value of {@code NAME}, exactly as if {@code NAME} had been set (placeholders such as
 * {@code ${K6RUNNER_ADMIN_TOKEN:}} and Spring's relaxed binding both see it). A runner's k6 runs under another
 * uid, and a file readable by root alone stays out of its reach where an environment variable of the JVM is
 * one {@code /proc/<pid>/environ} away from any process that may read it.
 *
 * <p>Only names the services own are honoured ({@link #HONOURED}): other {@code *_FILE} variables of a host,
 * such as {@code SSL_CERT_FILE} or {@code AWS_WEB_IDENTITY_TOKEN_FILE}, are not secrets of ours and are left
 * alone. Setting both {@code NAME} and {@code NAME_FILE} is refused, as is a file that cannot be read; the
 * messages name the variable and the path, never the content.
 */
public class SecretFilesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** Property source name; the suffix makes Spring Boot bind it with the environment variables' relaxed rules. */
    public static final String SOURCE_NAME = "k6runnerSecretFiles-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

    /** Names whose {@code _FILE} form is read: the seed names, and prefixes of settings the services bind. */
    static final List<String> HONOURED = List.of("DATABASE_URL", "GEMINI_API_KEY", "K6RUNNER_", "SPRING_DATASOURCE_", "SPRING_KAFKA_");

    /** A secret is a URL, a token or a key; anything larger is a wrong path. */
    static final int MAX_BYTES = 64 * 1024;

    private static final String SUFFIX = "_FILE";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        PropertySource<?> system = environment.getPropertySources().get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (!(system instanceof EnumerablePropertySource<?> variables) || environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        Map<String, Object> secrets = new LinkedHashMap<>();
        for (String variable : variables.getPropertyNames()) {
            String name = variable.endsWith(SUFFIX) ? variable.substring(0, variable.length() - SUFFIX.length()) : "";
            if (honoured(name)) {
                if (variables.containsProperty(name)) {
                    throw new IllegalStateException("both " + name + " and " + variable + " are set: set one of them");
                }
                secrets.put(name, read(variable, String.valueOf(variables.getProperty(variable))));
            }
        }
        if (!secrets.isEmpty()) {
            environment.getPropertySources().addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(SOURCE_NAME, secrets));
        }
    }

    /** Whether {@code NAME_FILE} is read as the value of {@code NAME}. */
    public static boolean honoured(String name) {
        return !name.isEmpty() && HONOURED.stream().anyMatch(h -> h.endsWith("_") ? name.startsWith(h) && name.length() > h.length() : name.equals(h));
    }

    /** The file's content without the trailing line break that {@code echo} and editors leave. */
    static String read(String variable, String file) {
        Path path = Path.of(file);
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new IllegalStateException(variable + "=" + file + " is larger than " + MAX_BYTES + " bytes: not a secret file");
            }
            return Files.readString(path, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
        } catch (IOException e) {
            throw new IllegalStateException(variable + "=" + file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public int getOrder() {
        // Before DatabaseUrlEnvironmentPostProcessor (lowest precedence), which reads DATABASE_URL.
        return Ordered.LOWEST_PRECEDENCE - 100;
    }
}
