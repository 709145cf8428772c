package dev.k6runner.gateway;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Local mode (auth none) has no keys, so it listens on 127.0.0.1 only; cluster mode (api-key)
 * listens on every interface. An explicit {@code server.address} (env SERVER_ADDRESS) wins.
 */
class BindAddressPolicy implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("server.address")) {
            return;
        }
        String mode = environment.getProperty("k6runner.gateway.auth.mode", "none").trim().toLowerCase(java.util.Locale.ROOT);
        String address = mode.replace('_', '-').equals("api-key") ? "0.0.0.0" : "127.0.0.1";
        environment.getPropertySources().addLast(new MapPropertySource("k6runner-bind-address", Map.of("server.address", address)));
    }
}
