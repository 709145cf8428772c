package dev.k6runner.bench.process;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A plain JDBC connection from a {@code postgres://user:pass@host:port/db} URL (or a JDBC URL as is). */
public final class Jdbc {

    private Jdbc() {
    }

    public static Connection connect(String databaseUrl) throws SQLException {
        if (databaseUrl.startsWith("jdbc:")) {
            return DriverManager.getConnection(databaseUrl);
        }
        URI uri = URI.create(databaseUrl);
        String[] credentials = uri.getUserInfo() == null ? new String[] {"postgres", "postgres"} : uri.getUserInfo().split(":", 2);
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
        return DriverManager.getConnection(jdbc, credentials[0], credentials.length > 1 ? credentials[1] : "");
    }
}
