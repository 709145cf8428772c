package dev.k6runner.testsupport;

import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Wires a Spring Boot test to the shared broker and a fresh database of the shared Postgres.
 * Use from a {@code @DynamicPropertySource} method.
 *
 * <p>Each call also gives the context its own consumer and share group names: Spring keeps
 * earlier test contexts alive, and a context must not take records meant for another one. A
 * record about a run that is not in a context's database is skipped by every service's guard
 * clauses, exactly as in production.
 */
public final class TestInfrastructure {

    private TestInfrastructure() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        register(registry, SharedPostgres.freshDatabase());
    }

    /**
     * As {@link #register}, but the context reaches its database through {@code proxy} (a {@link TcpProxy} in front of
     * the shared Postgres), so the proxy's faults reach this context alone.
     *
     * @return the database's own URL, for the test's direct connections (the runner's, say), which the proxy spares
     */
    public static String registerBehind(DynamicPropertyRegistry registry, TcpProxy proxy) {
        String databaseUrl = SharedPostgres.freshDatabase();
        String database = databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1);
        register(registry, "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database);
        return databaseUrl;
    }

    private static void register(DynamicPropertyRegistry registry, String databaseUrl) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        registry.add("spring.datasource.url", () -> databaseUrl);
        registry.add("spring.datasource.username", SharedPostgres::username);
        registry.add("spring.datasource.password", SharedPostgres::password);
        registry.add("spring.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
        registry.add("k6runner.kafka.group-suffix", () -> "-" + suffix);
    }
}
