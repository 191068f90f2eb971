package dev.herald.bench.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChaosOptionsTest {

    private static final Map<String, String> ENV = Map.of("HERALD_API_KEY", "hk_test", "HERALD_PORT_OFFSET", "2000");

    @Test
    void defaultsToTenThousandNotificationsAndEveryDisruption() {
        ChaosOptions options = ChaosOptions.parse(new String[] {"--herald", "/bin/true", "--broker-stop", "stop",
                "--broker-start", "start", "--db-stop", "dbstop", "--db-start", "dbstart"}, ENV);

        assertThat(options.notifications()).isEqualTo(10_000);
        assertThat(options.events()).isEqualTo(2_500);
        assertThat(options.kill()).containsExactly("channel-email", "channel-sms", "channel-push", "channel-slack",
                "preference-filter");
        assertThat(options.brokerRestart()).isTrue();
        assertThat(options.databaseRestart()).isTrue();
        assertThat(options.outage()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.platform().ingress()).hasToString("http://localhost:10080");
        assertThat(options.services()).containsEntry("channel-slack", java.net.URI.create("http://localhost:10086"));
    }

    @Test
    void refusesToRestartTheBrokerOrDatabaseWithoutCommands() {
        assertThatThrownBy(() -> ChaosOptions.parse(new String[] {"--kill", "none", "--no-database-restart"}, ENV))
                .hasMessageContaining("--broker-stop");
        assertThatThrownBy(() -> ChaosOptions.parse(new String[] {"--kill", "none", "--no-broker-restart"}, ENV))
                .hasMessageContaining("--db-stop");
    }

    @Test
    void killsOnlyTheServicesItKnows() {
        assertThatThrownBy(() -> ChaosOptions.parse(new String[] {"--kill", "ingress", "--herald", "/bin/true",
                "--no-broker-restart", "--no-database-restart"}, ENV)).hasMessageContaining("--kill");
        ChaosOptions none = ChaosOptions.parse(new String[] {"--kill", "none", "--no-broker-restart",
                "--no-database-restart", "--notifications", "10"}, ENV);
        assertThat(none.kill()).isEmpty();
        assertThat(none.events()).isEqualTo(3);
    }
}
