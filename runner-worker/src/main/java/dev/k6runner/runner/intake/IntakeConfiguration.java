package dev.k6runner.runner.intake;

import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ShareConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The intake's share consumers: Kafka's class, so a bean method; tests hand {@link RunIntake} a mock instead. */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

    @Bean
    Supplier<ShareConsumer<String, String>> runRequestConsumers(ShareConsumers consumers) {
        return consumers::configuredConsumer;
    }
}
