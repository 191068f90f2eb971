package dev.herald.bench.chaos;

import dev.herald.test.PlatformLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.HashMap;
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

    /** Apart from e2e (1000), the chaos helper's own runs (2000) and the bench smoke test (3000). */
    static final int PORT_OFFSET = 4000;

    private static final PlatformLauncher PLATFORM = new PlatformLauncher(PORT_OFFSET, "herald-chaos-smoke",
            "herald_chaos_smoke", "bench/target/chaos-state", PlatformLauncher.newApiKey("chaos"));

    @BeforeAll
    static void startThePlatform() {
        PLATFORM.up();
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
            PLATFORM.down();
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void noNotificationIsLostOrSentTwiceThroughAWorkerKillABrokerRestartAndAProviderOutage() {
        ChaosOptions options = ChaosOptions.parse(new String[] {
                "--notifications", "400", "--rate", "8", "--warmup-seconds", "3",
                "--kill", "channel-email", "--no-database-restart", "--down-seconds", "3", "--outage-seconds", "10",
                "--settle-seconds", "120", "--herald", PlatformLauncher.root().resolve("herald").toString(),
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
        env.putAll(PLATFORM.environment());
        PlatformLauncher.REAL_PROVIDER_CREDENTIALS.forEach(env::remove);
        return env;
    }

    private static String brokerStart() {
        return env("HERALD_CHAOS_BROKER_START", "rabbitmqctl -q start_app");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
