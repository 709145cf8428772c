package dev.k6runner.platform.database;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps the seed's {@code DATABASE_URL} working. It accepts a JDBC URL or the common
 * {@code postgres://user:password@host:port/db} form, and becomes {@code spring.datasource.*}
 * unless {@code spring.datasource.url} is set explicitly. With neither, the services use
 * {@value #DEFAULT_DATABASE_URL}, so application files must not set a datasource URL of their own.
 */
public class DatabaseUrlEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String DEFAULT_DATABASE_URL = "postgres://k6runner:k6runner@localhost:5432/k6runner";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url")) {
            return;
        }
        String databaseUrl = environment.getProperty("DATABASE_URL", DEFAULT_DATABASE_URL);
        if (databaseUrl.isBlank()) {
            databaseUrl = DEFAULT_DATABASE_URL;
        }
        environment.getPropertySources().addFirst(new MapPropertySource("DATABASE_URL", toDatasourceProperties(databaseUrl.trim())));
    }

    static Map<String, Object> toDatasourceProperties(String databaseUrl) {
        Map<String, Object> properties = new HashMap<>();
        if (databaseUrl.startsWith("jdbc:")) {
            properties.put("spring.datasource.url", databaseUrl);
            return properties;
        }
        URI uri = URI.create(databaseUrl);
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new IllegalArgumentException("DATABASE_URL must be jdbc:postgresql://… or postgres://user:password@host:port/db, got scheme " + uri.getScheme());
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        properties.put("spring.datasource.url", "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            String[] parts = userInfo.split(":", 2);
            properties.put("spring.datasource.username", decode(parts[0]));
            if (parts.length == 2) {
                properties.put("spring.datasource.password", decode(parts[1]));
            }
        }
        return properties;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
