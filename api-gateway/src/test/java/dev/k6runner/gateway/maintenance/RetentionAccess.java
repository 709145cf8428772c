package dev.k6runner.gateway.maintenance;

import org.springframework.context.ApplicationContext;

/** Lets tests in other packages run one retention pass now instead of waiting for its interval. */
public record RetentionAccess(ApplicationContext context) {

    public long prune() {
        return context.getBean(Retention.class).prune();
    }
}
