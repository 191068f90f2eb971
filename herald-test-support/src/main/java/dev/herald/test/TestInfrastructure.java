package dev.herald.test;

/** Where the tests find the local broker and database: the same defaults and variables as {@code ./herald}. */
public final class TestInfrastructure {

    private TestInfrastructure() {
    }

    public static String rabbitManagementUrl() {
        return env("HERALD_RABBITMQ_MANAGEMENT_URL", "http://127.0.0.1:15672");
    }

    public static String rabbitUser() {
        return env("HERALD_RABBITMQ_USERNAME", "guest");
    }

    public static String rabbitPassword() {
        return env("HERALD_RABBITMQ_PASSWORD", "guest");
    }

    public static String postgresHost() {
        return env("HERALD_DB_HOST", "127.0.0.1");
    }

    public static String postgresPort() {
        return env("HERALD_DB_PORT", "5432");
    }

    public static String postgresUser() {
        return env("HERALD_DB_USERNAME", "herald");
    }

    public static String postgresPassword() {
        return env("HERALD_DB_PASSWORD", "herald");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
