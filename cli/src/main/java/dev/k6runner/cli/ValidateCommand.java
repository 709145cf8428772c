package dev.k6runner.cli;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import dev.k6runner.cli.validate.LocalMode;
import dev.k6runner.cli.validate.Validation;
import dev.k6runner.cli.validate.ValidationOptions;

/** {@code validate}: checks an installation without running load. */
final class ValidateCommand {

    static final Command COMMAND = new Command("validate",
            "validate [--database-url URL] [--kafka HOST:PORT] [--k6 PATH] [--skip CHECK]... [--timeout D] [--runner-max-age D]",
            "check an installation without load: Java, k6, database migrated, Kafka topics, runner heartbeat, Gemini (exit 7 if a check fails)",
            Set.of("database-url", "kafka", "k6", "skip", "timeout", "runner-max-age"),
            Set.of(),
            ValidateCommand::execute);

    private ValidateCommand() {
    }

    static int execute(Args args, CliContext context) throws UsageException {
        args.noPositionals();
        Set<String> skipped = new HashSet<>(args.values("skip"));
        for (String skip : skipped) {
            if (!ValidationOptions.CHECKS.contains(skip)) {
                throw new UsageException("--skip takes one of " + ValidationOptions.CHECKS + ", got '" + skip + "'");
            }
        }
        GatewayClient gateway = context.gateway(args);
        Targets targets = Targets.of(args, context);
        ValidationOptions options = new ValidationOptions(
                targets.database(),
                targets.kafka(),
                first(args.value("k6"), context.env("K6_BINARY")),
                context.env("PATH"),
                context.env("GEMINI_API_KEY"),
                skipped,
                RunCommand.duration(args, "timeout", Duration.ofSeconds(5)),
                RunCommand.duration(args, "runner-max-age", Duration.ofSeconds(30)),
                () -> healthBody(gateway));
        return Validation.run(options, context.out()) ? ExitStatus.OK : ExitStatus.UNHEALTHY;
    }

    private static String healthBody(GatewayClient gateway) {
        try {
            return gateway.health().body();
        } catch (GatewayException e) {
            return null;
        }
    }

    /** The database and Kafka to check: as named, else those of the local mode running here, else the defaults. */
    private record Targets(String database, String kafka) {

        static Targets of(Args args, CliContext context) {
            String database = first(args.value("database-url"), context.env("DATABASE_URL"));
            String kafka = first(args.value("kafka"), context.env("KAFKA_BOOTSTRAP_SERVERS"));
            if (database != null || kafka != null) {
                return new Targets(database, kafka);
            }
            return LocalMode.running(context.env("K6RUNNER_DATA_DIR")).map(local -> {
                context.out().println("validate: DATABASE_URL and KAFKA_BOOTSTRAP_SERVERS are unset: checking the running local mode ("
                        + local.file() + ")");
                return new Targets(local.databaseUrl(), local.kafkaBootstrap());
            }).orElse(new Targets(null, null));
        }
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
