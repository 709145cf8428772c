package dev.k6runner.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.k6runner.platform.kafka.KafkaTopicsConfiguration;

/**
 * A service with nothing but the platform's defaults: probes, Prometheus with the application tag,
 * histogram buckets for its timers, and nothing else exposed over HTTP; all of it on the management port, none
 * of it on the API's.
 */
class ActuatorEndpointsTest {

    private static ConfigurableApplicationContext context;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        context = new SpringApplication(Service.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--server.address=127.0.0.1",
                "--spring.application.name=runner-worker",
                "--spring.autoconfigure.exclude=" + KafkaTopicsConfiguration.class.getName());
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void livenessAndReadinessGroupsAnswer() throws Exception {
        assertThat(get("/actuator/health/liveness")).isEqualTo("200 {\"status\":\"UP\"}");
        assertThat(get("/actuator/health/readiness")).isEqualTo("200 {\"status\":\"UP\"}");
        assertThat(get("/actuator/health")).startsWith("200 ");
    }

    @Test
    void prometheusCarriesTheApplicationTagAndTimerBuckets() throws Exception {
        Timer.builder("k6runner.run.start.delay").register(context.getBean(MeterRegistry.class)).record(Duration.ofMillis(1500));
        Timer.builder("k6runner_analysis_duration_seconds").register(context.getBean(MeterRegistry.class)).record(Duration.ofMillis(20));
        String scrape = get("/actuator/prometheus");
        assertThat(scrape).startsWith("200 ");
        assertThat(scrape).containsPattern("k6runner_run_start_delay_seconds_bucket\\{application=\"runner-worker\",le=\"[0-9.]+\"}");
        assertThat(scrape).contains("k6runner_analysis_duration_seconds_bucket{application=\"runner-worker\"");
        assertThat(scrape).contains("jvm_memory_used_bytes{application=\"runner-worker\"");
    }

    @Test
    void onlyHealthInfoAndPrometheusAreExposed() throws Exception {
        assertThat(get("/actuator/info")).startsWith("200 ");
        assertThat(get("/actuator/env")).startsWith("404 ");
        assertThat(get("/actuator/beans")).startsWith("404 ");
    }

    @Test
    void theApiPortAnswers404ForEveryActuatorPath() throws Exception {
        int api = ((WebServerApplicationContext) context).getWebServer().getPort();
        assertThat(managementPort()).isNotEqualTo(api);
        for (String path : new String[] {"/actuator", "/actuator/health", "/actuator/health/liveness", "/actuator/prometheus", "/actuator/info"}) {
            assertThat(get(api, path)).as(path).startsWith("404 ");
        }
    }

    @Test
    void theManagementServerListensWhereTheApiListens() {
        assertThat(context.getEnvironment().getProperty("management.server.address")).isEqualTo("127.0.0.1");
    }

    private static int managementPort() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
    }

    private static String get(String path) throws Exception {
        return get(managementPort(), path);
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Service {
    }
}
