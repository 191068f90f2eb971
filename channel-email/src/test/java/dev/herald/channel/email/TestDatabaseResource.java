package dev.herald.channel.email;

import dev.herald.test.PostgresDatabaseResource;

import java.util.Map;

/**
 * {@link PostgresDatabaseResource} for a module whose tests restart Quarkus under a test profile: each start loads the
 * resource in a new class loader, where {@code DriverManager} only accepts a PostgreSQL driver registered from that
 * loader, so the driver is initialised here first.
 */
public class TestDatabaseResource extends PostgresDatabaseResource {

    @Override
    public Map<String, String> start() {
        try {
            Class.forName("org.postgresql.Driver", true, TestDatabaseResource.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the PostgreSQL JDBC driver is not on the test class path", e);
        }
        return super.start();
    }
}
