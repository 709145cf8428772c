package dev.k6runner.platform.database;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@link DatabaseTimeouts} into the pool's and the driver's settings, as defaults: the property source goes
 * last, so anything an application file, the environment or a test sets under {@code spring.datasource.hikari.*}
 * wins, and pgjdbc lets parameters in the JDBC URL win over the pool's data-source properties. The settings are
 * read as the environment is prepared: from the environment, system properties and application files (a test's
 * {@code @DynamicPropertySource} comes too late; {@code @SpringBootTest(properties = …)} does not).
 */
public class DatabaseTimeoutsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    private static final String HIKARI = "spring.datasource.hikari.";
    private static final String DRIVER = HIKARI + "data-source-properties.";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        DatabaseTimeouts timeouts = Binder.get(environment).bindOrCreate("k6runner.database", DatabaseTimeouts.class);
        environment.getPropertySources().addLast(new MapPropertySource("k6runner.database", defaults(timeouts)));
    }

    static Map<String, Object> defaults(DatabaseTimeouts timeouts) {
        Map<String, Object> properties = new HashMap<>();
        // pgjdbc takes seconds, 0 = none
        properties.put(DRIVER + "connectTimeout", String.valueOf(timeouts.connectTimeout().toSeconds()));
        properties.put(DRIVER + "socketTimeout", String.valueOf(timeouts.socketTimeout().toSeconds()));
        properties.put(DRIVER + "tcpKeepAlive", "true");
        properties.put(DRIVER + "options", "-c statement_timeout=" + timeouts.statementTimeout().toMillis());
        properties.put(HIKARI + "connection-timeout", String.valueOf(timeouts.poolWait().toMillis()));
        properties.put(HIKARI + "validation-timeout", String.valueOf(timeouts.validationTimeout().toMillis()));
        properties.put(HIKARI + "keepalive-time", String.valueOf(timeouts.keepalive().toMillis()));
        return properties;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
