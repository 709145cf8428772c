package dev.k6runner.cli.validate;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The database named by {@code DATABASE_URL}, read as the services read it: a JDBC URL, or
 * {@code postgres://user:password@host:port/db}.
 */
record DatabaseTarget(String jdbcUrl, String user, String password) {

    static DatabaseTarget parse(String databaseUrl) {
        String url = databaseUrl == null || databaseUrl.isBlank() ? ValidationOptions.DEFAULT_DATABASE_URL : databaseUrl.trim();
        if (url.startsWith("jdbc:")) {
            return new DatabaseTarget(url, null, null);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL: " + e.getMessage());
        }
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new IllegalArgumentException("DATABASE_URL must be jdbc:postgresql://… or postgres://user:password@host:port/db, got scheme "
                    + uri.getScheme());
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query;
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length == 2 ? decode(parts[1]) : null;
        }
        return new DatabaseTarget(jdbc, user, password);
    }

    Connection connect(int timeoutSeconds) throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        properties.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
        properties.setProperty("socketTimeout", Integer.toString(timeoutSeconds * 2));
        properties.setProperty("ApplicationName", "k6runner-validate");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** Where, without the password. */
    String describe() {
        return jdbcUrl.replaceAll("password=[^&]*", "password=***") + (user == null ? "" : " as " + user);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
