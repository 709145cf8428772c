package dev.k6runner.gateway.web;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Serves requests on Tomcat's own pool of platform threads ({@code server.tomcat.threads.*}) instead of the
 * virtual thread per request that {@code spring.threads.virtual.enabled} gives. Measured with wrk on 2 cores
 * (docs/gateway.md, "Session 11"): the kernel time-slices a platform thread per connection, where a virtual thread
 * waits for one of two carrier threads behind every request queued there, so a poll's p99 fell from 14–52 ms to
 * 6–19 ms at the same or a higher rate. A request that waits ({@code ?wait=}) gives its thread back at once
 * ({@code intake.RunWaiter#later}), so waiting clients cannot hold the pool. Virtual threads stay on for the rest
 * (scheduled sweeps, the waits themselves).
 */
@Component
class PlatformRequestThreads implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        // Boot's virtual-thread customizer (order 1) has set an executor by now; with none, Tomcat starts its own pool
        factory.addProtocolHandlerCustomizers(handler -> handler.setExecutor(null));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
