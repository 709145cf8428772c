package dev.k6runner.cli.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses a running local mode gave its services: {@code scripts/run-local.sh}'s local cluster writes them to
 * {@code <data folder>/cluster.env} once Kafka and Postgres are up and removes the file when it stops. {@code validate}
 * checks them when neither {@code DATABASE_URL} nor {@code KAFKA_BOOTSTRAP_SERVERS} is set, so that on the machine
 * of the README's quick start it checks what runs there instead of the defaults of a production install.
 */
public record LocalMode(Path file, String databaseUrl, String kafkaBootstrap) {

    /** The running local mode of this data folder (null: none named), if its cluster.env is there. */
    public static Optional<LocalMode> running(String dataFolder) {
        if (dataFolder == null || dataFolder.isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(dataFolder, "cluster.env");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String database = values.get("DATABASE_URL");
        String kafka = values.get("KAFKA_BOOTSTRAP_SERVERS");
        return database == null || kafka == null ? Optional.empty() : Optional.of(new LocalMode(file, database, kafka));
    }
}
