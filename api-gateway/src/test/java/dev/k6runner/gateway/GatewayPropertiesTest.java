package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** K6_TIMEOUT is read as a request's timeout is (K6Duration); the settings that bound a stored run's limit. */
class GatewayPropertiesTest {

    @Test
    void theDefaultTimeoutIsSecondsOrK6Notation() {
        assertThat(bind(Map.of()).defaultTimeoutDuration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(bind(Map.of("k6runner.gateway.default-timeout", "300")).defaultTimeoutDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(bind(Map.of("k6runner.gateway.default-timeout", "1h30m")).defaultTimeoutDuration()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void aDefaultTimeoutThatIsNoDurationStopsTheGatewayWithItsName() {
        assertThatThrownBy(() -> bind(Map.of("k6runner.gateway.default-timeout", "half an hour")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("K6_TIMEOUT").hasMessageContaining("'half an hour'");
    }

    @Test
    void aMaxTimeoutUnderOneSecondStopsTheGateway() {
        // A run's stored limit is the request's (1 s..max-timeout) or the default capped at max-timeout: never 0.
        assertThatThrownBy(() -> bind(Map.of("k6runner.gateway.max-timeout", "500ms")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("max-timeout").hasMessageContaining("at least 1 s");
        assertThat(bind(Map.of("k6runner.gateway.max-timeout", "1s")).maxTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theMaintenanceSettingsKeepTheirDocumentedRelayKeys() {
        GatewayProperties defaults = bind(Map.of());
        assertThat(defaults.maintenance().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.maintenance().reaperQuietPeriod()).isEqualTo(Duration.ofSeconds(15));

        GatewayProperties set = bind(Map.of(
                "k6runner.gateway.relay.maintenance-interval", "200ms",
                "k6runner.gateway.relay.reaper-quiet-period", "1s",
                "k6runner.gateway.relay.requeue-after", "3s"));
        assertThat(set.maintenance().interval()).isEqualTo(Duration.ofMillis(200));
        assertThat(set.maintenance().reaperQuietPeriod()).isEqualTo(Duration.ofSeconds(1));
        assertThat(set.relay().requeueAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    private static GatewayProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("k6runner.gateway", GatewayProperties.class);
    }
}
