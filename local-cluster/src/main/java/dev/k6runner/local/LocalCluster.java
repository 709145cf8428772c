package dev.k6runner.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The infrastructure of local mode: a real Kafka broker (KRaft, share groups on) and a real
 * Postgres whose data lives under the data folder, so runs survive a restart. The services run
 * as their own processes next to it (see scripts/run-local.sh).
 */
public final class LocalCluster {

    private LocalCluster() {
    }

    public static void main(String[] args) throws Exception {
        LocalClusterSettings settings = LocalClusterSettings.fromEnvironment(System.getenv());
        Files.createDirectories(settings.dataDirectory());
        LocalPostgres postgres = LocalPostgres.start(settings);
        LocalKafka kafka = LocalKafka.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            postgres.close();
            stopped.countDown();
        }, "local-cluster-stop"));
        writeReadyMarker(settings, postgres, kafka);
        System.out.printf("local-cluster ready: kafka=%s postgres=%s data=%s%n",
                kafka.bootstrapServers(), postgres.databaseUrl(), settings.dataDirectory().toAbsolutePath());
        stopped.await();
    }

    /** run-local.sh waits for this file, which names the addresses the services connect to. */
    private static void writeReadyMarker(LocalClusterSettings settings, LocalPostgres postgres, LocalKafka kafka) throws IOException {
        Path marker = settings.dataDirectory().resolve("cluster.env");
        Path partial = settings.dataDirectory().resolve("cluster.env.partial");
        Files.writeString(partial, "KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers() + "\n"
                + "DATABASE_URL=" + postgres.databaseUrl() + "\n");
        Files.move(partial, marker, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        marker.toFile().deleteOnExit();
    }
}
