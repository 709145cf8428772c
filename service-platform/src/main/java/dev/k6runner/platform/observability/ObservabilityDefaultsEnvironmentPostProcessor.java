package dev.k6runner.platform.observability;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every service the same observability without each application file repeating it: Kafka
 * observations (so a trace continues gateway → Kafka → runner → analyzer), health, info and
 * Prometheus over HTTP, liveness and readiness groups, the common {@code application} tag, log
 * lines carrying trace, span and run ids, and a management server bound where the API is bound (each service
 * puts actuator on its own {@code management.server.port}, {@code MANAGEMENT_PORT}). The source goes last, so a service's own
 * {@code application.yml}, an environment variable or a system property always wins.
 */
public class ObservabilityDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String SOURCE_NAME = "k6runnerObservabilityDefaults";

    /** The log correlation part: trace and span ids from the tracer, the run id from {@code RunMdc}. */
    public static final String LOG_CORRELATION_PATTERN = "[trace=%X{traceId:-} span=%X{spanId:-} run_id=%X{run_id:-}] ";

    static final Map<String, Object> DEFAULTS = defaults();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, DEFAULTS));
        environment.getPropertySources().addLast(new ManagementAddressPropertySource(environment));
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("spring.kafka.template.observation-enabled", "true");
        defaults.put("spring.kafka.listener.observation-enabled", "true");
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        // Liveness stays the process's own state: a database outage must not restart every pod.
        defaults.put("management.endpoint.health.group.liveness.include", "livenessState");
        defaults.put("management.endpoint.health.group.readiness.include", "readinessState,db");
        // A service without a datasource (a test slice) still starts; the missing member is ignored.
        defaults.put("management.endpoint.health.validate-group-membership", "false");
        defaults.put("management.metrics.tags.application", "${spring.application.name:unknown}");
        // Runs are few and long: keep every trace unless an operator turns it down.
        defaults.put("management.tracing.sampling.probability", "1.0");
        defaults.put("logging.pattern.correlation", LOG_CORRELATION_PATTERN);
        return Map.copyOf(defaults);
    }

    @Override
    public int getOrder() {
        // After the config data (application.yml) is loaded, so that addLast really puts us below it.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
