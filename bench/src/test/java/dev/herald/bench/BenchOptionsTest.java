package dev.herald.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {

    private static final Map<String, String> KEY = Map.of("HERALD_API_KEY", "hk_test");

    @Test
    void aPlainRunTargetsThePlatformOnItsDefaultPortsWithTheFullWorkload() {
        BenchOptions options = BenchOptions.parse(new String[0], KEY);
        assertThat(options.ingress()).hasToString("http://localhost:8080");
        assertThat(options.filter()).hasToString("http://localhost:8081");
        assertThat(options.tracker()).hasToString("http://localhost:8082");
        assertThat(options.sandbox()).hasToString("http://localhost:8089");
        assertThat(options.broker().vhost()).isEqualTo("/");
        assertThat(options.broker().management()).hasToString("http://localhost:15672");
        assertThat(options.users()).isEqualTo(100_000);
        assertThat(options.rates()).containsExactly(250, 500, 1000);
        assertThat(options.broadcastRecipients()).isEqualTo(100_000);
        assertThat(options.perfTest()).isEqualTo(Duration.ofSeconds(25));
        assertThat(options.channels()).containsExactly("email");
        assertThat(options.out()).isEqualTo(Path.of("bench/results"));
        assertThat(options.smoke()).isFalse();
    }

    @Test
    void theSmokeRunIsShortAndSmall() {
        BenchOptions options = BenchOptions.parse(new String[] {"--smoke"}, KEY);
        assertThat(options.users()).isLessThanOrEqualTo(1000);
        assertThat(options.phase()).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(options.perfTest()).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(options.broadcastRecipients()).isLessThanOrEqualTo(options.users());
        assertThat(options.out()).isEqualTo(Path.of("bench/target/smoke-results"));
    }

    @Test
    void thePortOffsetVhostAndStateDirOfHeraldUpAreFollowed(@TempDir Path state) throws IOException {
        Files.writeString(state.resolve("api-key"), "hk_from_file\n");
        BenchOptions options = BenchOptions.parse(new String[0], Map.of("HERALD_PORT_OFFSET", "2000",
                "HERALD_STATE_DIR", state.toString(), "HERALD_RABBITMQ_VIRTUAL_HOST", "herald-bench"));
        assertThat(options.ingress()).hasToString("http://localhost:10080");
        assertThat(options.sandbox()).hasToString("http://localhost:10089");
        assertThat(options.apiKey()).isEqualTo("hk_from_file");
        assertThat(options.stateDir()).isEqualTo(state);
        assertThat(options.broker().vhost()).isEqualTo("herald-bench");
    }

    @Test
    void argumentsWinOverTheEnvironment() {
        BenchOptions options = BenchOptions.parse(new String[] {"--port-offset", "1", "--api-key", "hk_arg", "--rates",
                "100,200", "--fanout=10", "--users", "50", "--broadcast", "0", "--ingress", "http://127.0.0.1:9000/"},
                Map.of("HERALD_PORT_OFFSET", "2000", "HERALD_API_KEY", "hk_env"));
        assertThat(options.ingress()).hasToString("http://127.0.0.1:9000");
        assertThat(options.filter()).hasToString("http://localhost:8082");
        assertThat(options.apiKey()).isEqualTo("hk_arg");
        assertThat(options.rates()).containsExactly(100, 200);
        assertThat(options.notificationsPerEvent()).isEqualTo(10);
    }

    @Test
    void mistakesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--speed", "9"}, KEY))
                .hasMessageContaining("unknown option --speed");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--channels", "email,sms"}, KEY))
                .hasMessageContaining("--all-channels");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--channels", "fax"}, KEY))
                .hasMessageContaining("fax");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--users", "10", "--broadcast", "20"}, KEY))
                .hasMessageContaining("--broadcast");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--users"}, KEY))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[0], Map.of("HERALD_STATE_DIR", "/nonexistent")))
                .hasMessageContaining("no API key");
    }

    @Test
    void otherChannelsCanBeBenchmarkedWithUsersReachableOnThem() {
        BenchOptions options = BenchOptions.parse(new String[] {"--all-channels", "--channels", "email,sms,push,slack"}, KEY);
        assertThat(options.channels()).isEqualTo(List.of("email", "sms", "push", "slack"));
        assertThat(options.notificationsPerEvent()).isEqualTo(4);
    }
}
