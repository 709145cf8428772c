package dev.k6runner.gateway.maintenance;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import dev.k6runner.gateway.GatewayProperties;

/**
 * The sweeps, at the configured intervals. Each is one conditional SQL statement (or a few), safe
 * to run on every replica at once; a failing pass is logged and retried on the next tick.
 */
@Configuration(proxyBeanMethods = false)
class MaintenanceSchedule implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceSchedule.class);

    private final GatewayProperties properties;
    private final LeaseReaper reaper;
    private final StuckRunRepublisher republisher;
    private final QueueGauges gauges;
    private final Retention retention;
    private final DatabaseContinuity continuity;

    MaintenanceSchedule(GatewayProperties properties, LeaseReaper reaper, StuckRunRepublisher republisher,
                        QueueGauges gauges, Retention retention) {
        this.properties = properties;
        this.reaper = reaper;
        this.republisher = republisher;
        this.gauges = gauges;
        this.retention = retention;
        // a healthy database answers a probe in milliseconds; a second of waiting, or of delay behind another pass,
        // is an outage the pool sat through
        this.continuity = new DatabaseContinuity(java.time.Clock.systemUTC(), Duration.ofSeconds(1),
                properties.maintenance().interval());
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(() -> guarded("lease reaper", this::reapAfterQuietPeriod), properties.maintenance().interval());
        registrar.addFixedDelayTask(() -> guarded("re-publish", republisher::republish), properties.maintenance().interval());
        registrar.addFixedDelayTask(() -> guarded("gauges", gauges::refresh), properties.maintenance().interval());
        registrar.addFixedDelayTask(() -> guarded("retention", retention::prune), properties.retention().interval());
    }

    /**
     * A database outage stops every runner's heartbeat too: right after it, leases look expired although
     * their runners are fine. Leases are judged only once the database has been seen for the quiet period.
     */
    private void reapAfterQuietPeriod() {
        reaper.reap(continuity, properties.maintenance().reaperQuietPeriod());
    }

    private void guarded(String name, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            continuity.failed();
            log.warn("{} pass failed, retrying on the next tick: {}", name, e.getMessage());
        }
    }
}
