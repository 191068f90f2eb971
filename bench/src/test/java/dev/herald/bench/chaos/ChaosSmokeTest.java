package dev.herald.bench.chaos;

import dev.herald.test.PostgresDatabaseResource;
import dev.herald.test.RabbitVhostResource;
import dev.herald.test.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small chaos run in the test suite: the platform started the way a user starts it ({@code ./herald up}, ports
 * shifted by {@link #PORT_OFFSET}, its own vhost and database), a few hundred notifications, one channel worker
 * killed with SIGKILL and restarted, RabbitMQ stopped and started (the broker the tests use: the suite's modules run
 * one after another, and the broker is started again whatever happens), and a short sandbox outage. Every
 * notification must reach the sandbox exactly once, except those in doubt, and every service must come back after
 * the broker without a restart.
 *
 * <p>The broker is restarted with {@code rabbitmqctl -q stop_app} / {@code start_app} (the node of
 * {@code RABBITMQ_NODENAME}), or {@code HERALD_CHAOS_BROKER_STOP} / {@code HERALD_CHAOS_BROKER_START}.
 */
class ChaosSmokeTest {

    static final int PORT_OFFSET = 3000;
    static final String VHOST = "herald-chaos-smoke";
    static final String DATABASE = "herald_chaos_smoke";
    static final String API_KEY = "hk_chaos-" + Long.toHexString(System.nanoTime());

    @BeforeAll
    static void startThePlatform() {
        RabbitVhostResource.recreate(VHOST);
        PostgresDatabaseResource.recreate(DATABASE);
        try {
            herald("up");
        } catch (RuntimeException e) {
            try {
                herald("down");
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    @AfterAll
    static void stopThePlatform() {
        try {
            // Whatever happened, the broker the other tests use runs again.
            new ProcessBuilder("bash", "-c", brokerStart()).inheritIO().start().waitFor(2, TimeUnit.MINUTES);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            herald("down");
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void noNotificationIsLostOrSentTwiceThroughAWorkerKillABrokerRestartAndAProviderOutage() {
        ChaosOptions options = ChaosOptions.parse(new String[] {
                "--notifications", "400", "--rate", "8", "--warmup-seconds", "3",
                "--kill", "channel-email", "--no-database-restart", "--down-seconds", "3", "--outage-seconds", "10",
                "--settle-seconds", "120", "--herald", root().resolve("herald").toString(),
                "--broker-stop", env("HERALD_CHAOS_BROKER_STOP", "rabbitmqctl -q stop_app"),
                "--broker-start", brokerStart()}, platformEnvironment());

        ChaosMain.Outcome outcome = ChaosMain.run(options);

        assertThat(outcome.failures()).as("disruptions that failed or after which a service stayed down").isEmpty();
        assertThat(outcome.disruptions()).extracting(Disruptions.Disruption::name)
                .containsExactlyInAnyOrder("restart RabbitMQ", "kill -9 channel-email", "sandbox 503 outage");
        ChaosResult result = outcome.result();
        assertThat(result.accepted()).as("events ingress accepted in the end").isEqualTo(100);
        assertThat(result.notifications()).isEqualTo(400);
        assertThat(result.notTerminal()).as("notifications short of a terminal state").isZero();
        assertThat(result.lost()).as(result.line()).isZero();
        assertThat(result.duplicated()).as(result.line()).isZero();
        assertThat(result.deliveredOnce() + result.inDoubt()).isEqualTo(400);
        // While the broker was down, ingress refused events with a problem, never by failing to answer.
        assertThat(outcome.unavailable()).as("answers 503 while RabbitMQ was stopped").isPositive();
        assertThat(outcome.unavailableAsProblem()).isEqualTo(outcome.unavailable());
    }

    private static Map<String, String> platformEnvironment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HERALD_PORT_OFFSET", Integer.toString(PORT_OFFSET));
        env.put("HERALD_STATE_DIR", root().resolve("bench/target/chaos-state").toString());
        env.put("HERALD_RABBITMQ_VIRTUAL_HOST", VHOST);
        env.put("HERALD_RABBITMQ_MANAGEMENT_PORT",
                Integer.toString(URI.create(TestInfrastructure.rabbitManagementUrl()).getPort()));
        env.put("HERALD_DB_NAME", DATABASE);
        env.put("HERALD_API_KEY", API_KEY);
        env.put("HERALD_SKIP_BUILD", "1");
        env.remove("HERALD_EMAIL_SENDGRID_API_KEY");
        env.remove("HERALD_SMS_TWILIO_ACCOUNT_SID");
        env.remove("HERALD_PUSH_FCM_CREDENTIALS_FILE");
        env.remove("HERALD_PUSH_FCM_CREDENTIALS_JSON");
        env.remove("HERALD_SLACK_BOT_TOKEN");
        return env;
    }

    private static String brokerStart() {
        return env("HERALD_CHAOS_BROKER_START", "rabbitmqctl -q start_app");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Path root() {
        return Path.of(System.getProperty("herald.root", "..")).toAbsolutePath().normalize();
    }

    /** {@code ./herald COMMAND} with the platform's environment; fails with its output when it fails. */
    private static void herald(String command) {
        ProcessBuilder builder = new ProcessBuilder(List.of(root().resolve("herald").toString(), command))
                .directory(root().toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(platformEnvironment());
        try {
            Process process = builder.start();
            List<String> output = new ArrayList<>();
            try (var reader = process.inputReader()) {
                reader.lines().forEach(line -> {
                    output.add(line);
                    System.out.println("[herald " + command + "] " + line);
                });
            }
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("./herald " + command + " failed:\n" + String.join("\n", output));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
