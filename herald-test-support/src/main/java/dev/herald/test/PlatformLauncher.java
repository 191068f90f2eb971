package dev.herald.test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops the whole platform the way a user does, with {@code ./herald up} and {@code ./herald down}, on
 * ports shifted by a port offset, in a RabbitMQ vhost and a PostgreSQL database of its own (both recreated empty
 * before {@code up}) and with a state directory of its own, so test suites can run beside a developer's platform and
 * beside each other. Each suite needs its own offset, vhost, database and state directory. It uses the service jars
 * already built in {@code *}{@code /target/} ({@code HERALD_SKIP_BUILD=1}) and always the local provider-sandbox.
 */
public final class PlatformLauncher {

    private static final long COMMAND_TIMEOUT_SECONDS = 300;
    /** Removed from the environment of {@code ./herald}: a test platform always uses the sandbox. */
    public static final List<String> REAL_PROVIDER_CREDENTIALS = List.of("HERALD_EMAIL_SENDGRID_API_KEY",
            "HERALD_SMS_TWILIO_ACCOUNT_SID", "HERALD_PUSH_FCM_CREDENTIALS_FILE", "HERALD_PUSH_FCM_CREDENTIALS_JSON",
            "HERALD_SLACK_BOT_TOKEN");

    private final int portOffset;
    private final String vhost;
    private final String database;
    private final Path stateDir;
    private final String apiKey;

    /**
     * @param portOffset added to every service port (ingress on {@code 8080 + portOffset}, ...)
     * @param vhost      RabbitMQ virtual host
     * @param database   PostgreSQL database
     * @param stateDir   where {@code ./herald} keeps pids and logs, relative to the repository root
     * @param apiKey     the bootstrap API key of tenant {@code default}
     */
    public PlatformLauncher(int portOffset, String vhost, String database, String stateDir, String apiKey) {
        this.portOffset = portOffset;
        this.vhost = vhost;
        this.database = database;
        this.stateDir = root().resolve(stateDir);
        this.apiKey = apiKey;
    }

    /** The repository root: system property {@code herald.root} (the build sets it), else the parent directory. */
    public static Path root() {
        return Path.of(System.getProperty("herald.root", "..")).toAbsolutePath().normalize();
    }

    /** A fresh API key, different on every run, so no run can use another's. */
    public static String newApiKey(String prefix) {
        return "hk_" + prefix + "-" + Long.toHexString(System.nanoTime());
    }

    public int portOffset() {
        return portOffset;
    }

    public String vhost() {
        return vhost;
    }

    public String database() {
        return database;
    }

    public Path stateDir() {
        return stateDir;
    }

    public String apiKey() {
        return apiKey;
    }

    /** {@code http://localhost:<defaultPort + offset>}, e.g. {@code url(8080)} for ingress. */
    public String url(int defaultPort) {
        return "http://localhost:" + (defaultPort + portOffset);
    }

    /**
     * Recreates the vhost and the database empty, then runs {@code ./herald up}, which returns once every service is
     * ready. When that fails, the services' logs are printed and whatever started is stopped again.
     */
    public void up() {
        RabbitVhostResource.recreate(vhost);
        PostgresDatabaseResource.recreate(database);
        try {
            run("up");
        } catch (RuntimeException e) {
            try {
                run("down");
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    /** Runs {@code ./herald down}: stops the services that {@link #up()} started. */
    public void down() {
        run("down");
    }

    /**
     * What {@code ./herald} needs to find this platform (port offset, state directory, vhost, database, API key, the
     * broker's management port), for a tool that drives it.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("HERALD_PORT_OFFSET", Integer.toString(portOffset));
        env.put("HERALD_STATE_DIR", stateDir.toString());
        env.put("HERALD_RABBITMQ_VIRTUAL_HOST", vhost);
        env.put("HERALD_RABBITMQ_MANAGEMENT_PORT",
                Integer.toString(URI.create(TestInfrastructure.rabbitManagementUrl()).getPort()));
        env.put("HERALD_DB_NAME", database);
        env.put("HERALD_API_KEY", apiKey);
        env.put("HERALD_SKIP_BUILD", "1");
        return env;
    }

    /** Runs {@code ./herald <command>} with this platform's environment and returns its output (also printed). */
    public String run(String command) {
        Path root = root();
        ProcessBuilder builder = new ProcessBuilder(List.of(root.resolve("herald").toString(), command))
                .directory(root.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment());
        // the tests check what reached the sandbox: never a real provider, whatever the developer's shell has set
        REAL_PROVIDER_CREDENTIALS.forEach(builder.environment()::remove);
        try {
            Process process = builder.start();
            List<String> output = new ArrayList<>();
            try (var reader = process.inputReader()) {
                reader.lines().forEach(line -> {
                    output.add(line);
                    System.out.println("[herald " + command + "] " + line);
                });
            }
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                printLogs();
                throw new IllegalStateException("./herald " + command + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                printLogs();
                throw new IllegalStateException("./herald " + command + " failed:\n" + String.join("\n", output));
            }
            return String.join("\n", output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of every service's log, for a failed start. */
    public void printLogs() {
        Path logs = stateDir.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (var files = Files.list(logs)) {
            for (Path log : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                System.out.println("==== " + log.getFileName() + " (last 60 lines) ====");
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
            }
        } catch (IOException e) {
            System.out.println("cannot read the services' logs in " + logs + ": " + e);
        }
    }
}
