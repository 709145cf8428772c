package dev.k6runner.platform.database;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long any service waits on Postgres, {@code k6runner.database.*} (env {@code K6RUNNER_DATABASE_…}). A hung
 * database or a half-open connection then fails a statement instead of freezing the thread that sent it. Zero turns
 * a bound off. A setting in the JDBC URL itself ({@code ?socketTimeout=…}) or in {@code spring.datasource.hikari.*}
 * wins over these.
 *
 * @param connectTimeout    the most opening one TCP connection and logging in may take (pgjdbc {@code connectTimeout})
 * @param socketTimeout     the most one read from the server may wait (pgjdbc {@code socketTimeout}): the bound for a
 *                          server or route that answers nothing at all, not even a cancel; above the statement timeout
 * @param statementTimeout  the most the server runs one statement, lock waits included ({@code statement_timeout})
 * @param poolWait          the most a thread waits for a pooled connection (Hikari {@code connectionTimeout})
 * @param validationTimeout the most the pool's check of a connection may take (Hikari {@code validationTimeout})
 * @param keepalive         how often the pool checks an idle connection, so a dead one is dropped before it is lent (0 or ≥ 30 s)
 */
@ConfigurationProperties("k6runner.database")
public record DatabaseTimeouts(Duration connectTimeout, Duration socketTimeout, Duration statementTimeout,
                               Duration poolWait, Duration validationTimeout, Duration keepalive) {

    public DatabaseTimeouts {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        socketTimeout = socketTimeout == null ? Duration.ofSeconds(45) : socketTimeout;
        statementTimeout = statementTimeout == null ? Duration.ofSeconds(30) : statementTimeout;
        poolWait = poolWait == null ? Duration.ofSeconds(10) : poolWait;
        validationTimeout = validationTimeout == null ? Duration.ofSeconds(2) : validationTimeout;
        keepalive = keepalive == null ? Duration.ofSeconds(30) : keepalive;
        requireNotNegative(connectTimeout, socketTimeout, statementTimeout, keepalive);
        if (!socketTimeout.isZero() && (statementTimeout.isZero() || socketTimeout.compareTo(statementTimeout) <= 0)) {
            // a slow statement must be ended by the server's cancel, which leaves the connection usable; the socket
            // timeout is for a server that answers nothing and costs the connection
            throw new IllegalArgumentException("k6runner.database.socket-timeout must exceed statement-timeout (or be 0)");
        }
        if (!keepalive.isZero() && keepalive.toSeconds() < 30) {
            throw new IllegalArgumentException("k6runner.database.keepalive must be 0 or at least 30s (Hikari's minimum)");
        }
        if (poolWait.toMillis() < 250 || validationTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("k6runner.database.pool-wait and validation-timeout must be at least 250ms (Hikari's minimum)");
        }
    }

    private static void requireNotNegative(Duration... durations) {
        for (Duration duration : durations) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("k6runner.database timeouts must not be negative, got " + duration);
            }
        }
    }
}
