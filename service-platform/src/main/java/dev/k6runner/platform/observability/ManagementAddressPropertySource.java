package dev.k6runner.platform.observability;

import java.util.function.UnaryOperator;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * The management server (actuator on {@code management.server.port}) listens where the API listens unless
 * {@code management.server.address} says otherwise: local mode binds both to 127.0.0.1, a container binds both
 * to every interface. Looked up when asked, so a {@code server.address} that another post-processor adds later
 * (the gateway's bind policy) still counts; without one the property is absent and Spring's default holds.
 */
final class ManagementAddressPropertySource extends PropertySource<UnaryOperator<String>> {

    static final String NAME = "k6runnerManagementAddress";
    static final String PROPERTY = "management.server.address";

    ManagementAddressPropertySource(ConfigurableEnvironment environment) {
        // A lookup, not the environment itself: Boot's binder descends into a source whose source is an environment.
        super(NAME, environment::getProperty);
    }

    @Override
    public Object getProperty(String name) {
        return PROPERTY.equals(name) ? getSource().apply("server.address") : null;
    }
}
