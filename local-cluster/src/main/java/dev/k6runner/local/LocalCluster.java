package dev.k6runner.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The infrastructure of local mode: a real Kafka broker (KRaft, share groups on) and a real
 * Postgres whose data lives under the data folder, so runs survive a restart. The services run
 * as their own processes next to it (see scripts/run-local.sh).
 *
 * <p>Arguments: none or {@code all} starts both; {@code kafka} or {@code postgres} starts one, so
 * that the soak can restart the broker or cut the database on its own.
 */
public final class LocalCluster {

    private LocalCluster() {
    }

    public static void main(String[] args) throws Exception {
        LocalClusterSettings settings = LocalClusterSettings.fromEnvironment(System.getenv());
        Files.createDirectories(settings.dataDirectory());
        String components = args.length == 0 ? "all" : args[0];
        LocalPostgres postgres = components.equals("kafka") ? null : LocalPostgres.start(settings);
        LocalKafka kafka = components.equals("postgres") ? null : LocalKafka.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (kafka != null) {
                kafka.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            stopped.countDown();
        }, "local-cluster-stop"));
        String kafkaServers = kafka == null ? "127.0.0.1:" + settings.kafkaPort() : kafka.bootstrapServers();
        String databaseUrl = postgres == null ? LocalPostgres.databaseUrl(settings.postgresPort()) : postgres.databaseUrl();
        writeReadyMarker(settings, components, kafkaServers, databaseUrl);
        System.out.printf("local-cluster ready (%s): kafka=%s postgres=%s data=%s%n",
                components, kafkaServers, databaseUrl, settings.dataDirectory().toAbsolutePath());
        stopped.await();
    }

    /** run-local.sh waits for this file, which names the addresses the services connect to. */
    private static void writeReadyMarker(LocalClusterSettings settings, String components, String kafkaServers,
                                         String databaseUrl) throws IOException {
        String name = components.equals("all") ? "cluster.env" : components + ".env";
        Path marker = settings.dataDirectory().resolve(name);
        Path partial = settings.dataDirectory().resolve(name + ".partial");
        Files.writeString(partial, "KAFKA_BOOTSTRAP_SERVERS=" + kafkaServers + "\n" + "DATABASE_URL=" + databaseUrl + "\n");
        Files.move(partial, marker, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        marker.toFile().deleteOnExit();
    }
}
