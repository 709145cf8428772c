package dev.k6runner.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.k6runner.platform.database.DatabaseTimeouts;
import dev.k6runner.platform.database.DatabaseTimeoutsEnvironmentPostProcessor;

class DatabaseTimeoutsTest {

    private final DatabaseTimeoutsEnvironmentPostProcessor processor = new DatabaseTimeoutsEnvironmentPostProcessor();

    @Test
    void everyConnectionGetsConnectSocketAndStatementTimeoutsByDefault() {
        StandardEnvironment environment = environmentWith(Map.of());
        processor.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.datasource.hikari.data-source-properties.connectTimeout")).isEqualTo("5");
        assertThat(environment.getProperty("spring.datasource.hikari.data-source-properties.socketTimeout")).isEqualTo("45");
        assertThat(environment.getProperty("spring.datasource.hikari.data-source-properties.options")).isEqualTo("-c statement_timeout=30000");
        assertThat(environment.getProperty("spring.datasource.hikari.connection-timeout")).isEqualTo("10000");
        assertThat(environment.getProperty("spring.datasource.hikari.validation-timeout")).isEqualTo("2000");
        assertThat(environment.getProperty("spring.datasource.hikari.keepalive-time")).isEqualTo("30000");
    }

    @Test
    void theOperatorsSettingsAndTheApplicationsOwnPoolSettingsWin() {
        StandardEnvironment environment = environmentWith(Map.of(
                "k6runner.database.socket-timeout", "90s", "k6runner.database.statement-timeout", "1m",
                "spring.datasource.hikari.connection-timeout", "5000"));
        processor.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.datasource.hikari.data-source-properties.socketTimeout")).isEqualTo("90");
        assertThat(environment.getProperty("spring.datasource.hikari.data-source-properties.options")).isEqualTo("-c statement_timeout=60000");
        assertThat(environment.getProperty("spring.datasource.hikari.connection-timeout")).isEqualTo("5000");
    }

    @Test
    void aSocketTimeoutThatWouldCutASlowStatementBeforeTheServerCancelsItIsRefused() {
        assertThatThrownBy(() -> new DatabaseTimeouts(null, Duration.ofSeconds(10), Duration.ofSeconds(30), null, null, null))
                .hasMessageContaining("socket-timeout must exceed statement-timeout");
        assertThat(new DatabaseTimeouts(null, Duration.ZERO, Duration.ZERO, null, null, null).socketTimeout()).isZero();
    }

    private static StandardEnvironment environmentWith(Map<String, Object> values) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", values));
        return environment;
    }
}
