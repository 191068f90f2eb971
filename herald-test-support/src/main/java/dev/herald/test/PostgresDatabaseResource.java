package dev.herald.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.postgresql.Driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/**
 * Gives a test module a PostgreSQL database of its own, dropped and created empty before the application starts
 * (Flyway then migrates it). Init arg {@code database} names it.
 */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", "herald_test");
    }

    @Override
    public Map<String, String> start() {
        recreate(database);
        String host = TestInfrastructure.postgresHost() + ":" + TestInfrastructure.postgresPort();
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + host + "/" + database,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + host + "/" + database,
                "quarkus.datasource.username", TestInfrastructure.postgresUser(),
                "quarkus.datasource.password", TestInfrastructure.postgresPassword());
    }

    @Override
    public void stop() {
    }

    public static void recreate(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        String url = "jdbc:postgresql://" + TestInfrastructure.postgresHost() + ":" + TestInfrastructure.postgresPort() + "/postgres";
        Properties credentials = new Properties();
        credentials.setProperty("user", TestInfrastructure.postgresUser());
        credentials.setProperty("password", TestInfrastructure.postgresPassword());
        // The driver itself, not DriverManager: when Quarkus restarts for a test profile this class is loaded again
        // in a new class loader, and DriverManager refuses a driver registered from another one ("No suitable driver").
        try (Connection connection = new Driver().connect(url, credentials);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + database + " as role "
                    + TestInfrastructure.postgresUser() + "; run the tests with ./herald test, which creates the role", e);
        }
    }
}
