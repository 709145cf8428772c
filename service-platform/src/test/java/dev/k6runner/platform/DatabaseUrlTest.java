package dev.k6runner.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.k6runner.platform.database.DatabaseUrlEnvironmentPostProcessor;

class DatabaseUrlTest {

    private final DatabaseUrlEnvironmentPostProcessor processor = new DatabaseUrlEnvironmentPostProcessor();

    @Test
    void postgresUrlBecomesJdbcUrlWithCredentials() {
        StandardEnvironment environment = environmentWith(Map.of("DATABASE_URL", "postgres://k6:s%40cret@db.internal:6543/k6runner?sslmode=require"));
        processor.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.internal:6543/k6runner?sslmode=require");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("k6");
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("s@cret");
    }

    @Test
    void jdbcUrlIsTakenAsItIs() {
        StandardEnvironment environment = environmentWith(Map.of("DATABASE_URL", "jdbc:postgresql://localhost/k6"));
        processor.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://localhost/k6");
    }

    @Test
    void explicitDatasourceUrlWins() {
        StandardEnvironment environment = environmentWith(Map.of("DATABASE_URL", "postgres://a@b/c", "spring.datasource.url", "jdbc:postgresql://x/y"));
        processor.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://x/y");
    }

    @Test
    void withoutAnyUrlTheLocalDefaultIsUsed() {
        StandardEnvironment environment = environmentWith(Map.of());
        processor.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://localhost:5432/k6runner");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("k6runner");
    }

    @Test
    void otherSchemesAreRefusedWithTheExpectedForms() {
        StandardEnvironment environment = environmentWith(Map.of("DATABASE_URL", "mysql://a@b/c"));
        assertThatThrownBy(() -> processor.postProcessEnvironment(environment, new SpringApplication()))
                .hasMessageContaining("postgres://user:password@host:port/db");
    }

    private static StandardEnvironment environmentWith(Map<String, Object> values) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", values));
        return environment;
    }
}
