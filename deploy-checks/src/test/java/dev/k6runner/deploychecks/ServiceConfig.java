package dev.k6runner.deploychecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.k6runner.platform.database.DatabaseUrlEnvironmentPostProcessor;
import dev.k6runner.platform.observability.ObservabilityDefaultsEnvironmentPostProcessor;
import dev.k6runner.platform.secrets.SecretFilesEnvironmentPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One service as its own sources configure it: its {@code application.yml}, the shared defaults that
 * service-platform adds at start, and the names it binds from the environment.
 */
record ServiceConfig(String module, Map<String, Object> yaml, StandardEnvironment environment, Set<String> propertyNames,
                     Set<String> placeholderEnvNames) {

    static final List<String> MODULES = List.of("api-gateway", "runner-worker", "analyzer-worker");

    /** Environment names the JVM itself reads. */
    static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Set<String> BOOT_PROPERTIES = bootPropertyNames();
    private static final Set<String> PLATFORM_PROPERTIES = PropertyRecords.propertyNames("service-platform");

    static ServiceConfig load(String module) {
        String file = module + "/src/main/resources/application.yml";
        Map<String, Object> flat = new LinkedHashMap<>();
        Repo.yamlDocuments(file).forEach(document -> flat.putAll(Yamls.flatten(document)));
        StandardEnvironment environment = new StandardEnvironment();
        // Judge the files alone, not this build machine's environment.
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addLast(new MapPropertySource("application.yml", flat));
        new ObservabilityDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        Set<String> placeholders = new TreeSet<>();
        flat.values().forEach(value -> {
            Matcher matcher = PLACEHOLDER.matcher(String.valueOf(value));
            while (matcher.find()) {
                placeholders.add(matcher.group(1));
            }
        });
        Set<String> properties = new TreeSet<>(flat.keySet());
        properties.addAll(PropertyRecords.propertyNames(module));
        return new ServiceConfig(module, flat, environment, properties, placeholders);
    }

    static List<ServiceConfig> all() {
        return MODULES.stream().map(ServiceConfig::load).toList();
    }

    /** The port the service listens on unless told otherwise ({@code server.port: ${PORT:8080}}). */
    int defaultPort() {
        return Integer.parseInt(environment.getRequiredProperty("server.port"));
    }

    /** Where actuator listens unless told otherwise ({@code management.server.port: ${MANAGEMENT_PORT:9080}}). */
    int defaultManagementPort() {
        return Integer.parseInt(environment.getRequiredProperty("management.server.port"));
    }

    String applicationName() {
        return environment.getProperty("spring.application.name");
    }

    /**
     * Whether the service reads {@code env}: a {@code ${ENV:default}} of its application.yml, a seed name
     * service-platform reads, the JVM's own, the relaxed form of a property it binds (its records, its
     * yaml keys, service-platform's records, Spring Boot's documented properties), the {@code <NAME>_FILE} form
     * of such a name where service-platform honours it, or a name its image's entrypoint scripts read.
     */
    boolean reads(String env) {
        if (placeholderEnvNames.contains(env) || JVM_ENV.contains(env) || platformEnvNames().contains(env)
                || imageScriptEnvNames(module).contains(env)) {
            return true;
        }
        if (env.endsWith("_FILE") && SecretFilesEnvironmentPostProcessor.honoured(env.substring(0, env.length() - 5))) {
            return reads(env.substring(0, env.length() - 5));
        }
        return propertyNames.stream().anyMatch(property -> EnvNames.binds(env, property))
                || PLATFORM_PROPERTIES.stream().anyMatch(property -> EnvNames.binds(env, property))
                || BOOT_PROPERTIES.stream().anyMatch(property -> EnvNames.binds(env, property));
    }

    /** The seed names service-platform reads itself ({@code DATABASE_URL}). */
    static Set<String> platformEnvNames() {
        String source = Repo.read("service-platform/src/main/java/dev/k6runner/platform/database/"
                + DatabaseUrlEnvironmentPostProcessor.class.getSimpleName() + ".java");
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("getProperty\\(\"([A-Z][A-Z0-9_]*)\"").matcher(source);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Names the shell scripts under {@code <module>/docker/} (the image's entrypoint) read: {@code ${NAME…}}. */
    static Set<String> imageScriptEnvNames(String module) {
        Set<String> names = new TreeSet<>();
        java.nio.file.Path folder = Repo.path(module + "/docker");
        if (!java.nio.file.Files.isDirectory(folder)) {
            return names;
        }
        for (String script : Repo.filesUnder(module + "/docker", ".sh")) {
            Matcher matcher = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(Repo.read(script));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    private static Set<String> bootPropertyNames() {
        Set<String> names = new TreeSet<>();
        JsonMapper mapper = JsonMapper.builder().build();
        try {
            for (String resource : List.of("META-INF/spring-configuration-metadata.json",
                    "META-INF/additional-spring-configuration-metadata.json")) {
                for (URL url : Collections.list(ServiceConfig.class.getClassLoader().getResources(resource))) {
                    try (var in = url.openStream()) {
                        for (JsonNode property : mapper.readTree(in).path("properties")) {
                            String name = property.path("name").asString();
                            String type = property.path("type").asString("");
                            names.add(type.startsWith("java.util.Map") ? name + ".*" : name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
