package dev.k6runner.runner.fleet;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The heartbeat's database access, bounded in time so that a hung database cannot freeze the heartbeat thread:
 * <ul>
 *   <li>a query timeout: the driver asks the server to cancel the statement (a lock wait, a slow server);</li>
 *   <li>a network timeout of twice that on each connection the heartbeat borrows: a server or network that
 *       answers nothing at all, not even the cancel (a stopped process, a black-holed route), makes the read fail
 *       and the pool drop the connection. The pool restores the connection's own timeout when it is returned.</li>
 * </ul>
 * The pool's connection timeout still bounds the wait for a connection.
 */
final class BoundedStatements {

    /** pgjdbc runs no task on the executor; the argument only has to be there. */
    private static final Executor UNUSED = Runnable::run;

    private BoundedStatements() {
    }

    /** The statement timeout for a heartbeat: one interval, at least the driver's whole-second minimum. */
    static Duration statementTimeout(Duration heartbeatInterval) {
        long seconds = Math.max(1, (heartbeatInterval.toMillis() + 999) / 1000);
        return Duration.ofSeconds(seconds);
    }

    static JdbcClient over(DataSource dataSource, Duration statementTimeout) {
        int networkMillis = Math.toIntExact(statementTimeout.multipliedBy(2).toMillis());
        JdbcTemplate template = new JdbcTemplate(new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                try {
                    connection.setNetworkTimeout(UNUSED, networkMillis);
                    return connection;
                } catch (SQLException | RuntimeException e) {
                    connection.close();
                    throw e;
                }
            }
        });
        template.setQueryTimeout(Math.toIntExact(statementTimeout.toSeconds()));
        return JdbcClient.create(template);
    }
}
