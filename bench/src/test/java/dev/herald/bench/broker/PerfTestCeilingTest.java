package dev.herald.bench.broker;

import dev.herald.bench.BenchOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PerfTestCeilingTest {

    private static final PerfTestCeiling.Setting SETTING = new PerfTestCeiling.Setting("c100-q200", 1, 1, 100, 200);

    @Test
    void theSummaryLinesOfPerfTestAreRead() {
        List<String> output = List.of(
                "id: c100-q200, time 4.000 s, sent: 16469 msg/s, confirmed: 16438 msg/s, nacked: 0 msg/s, received: 16438 msg/s",
                "test stopped (Reached time limit)",
                "id: c100-q200, sending rate avg: 10286 msg/s",
                "id: c100-q200, receiving rate avg: 10280 msg/s",
                "id: c100-q200, consumer latency min/median/75th/95th/99th 1156/6319/9768/38659/77227 µs",
                "id: c100-q200, confirm latency min/median/75th/95th/99th 822/5342/7621/18305/27798 µs");
        PerfTestCeiling.Run run = PerfTestCeiling.parse(SETTING, output);
        assertThat(run.sendRate()).isEqualTo(10286);
        assertThat(run.receiveRate()).isEqualTo(10280);
        assertThat(run.consumerLatencyMedianMicros()).isEqualTo(6319);
        assertThat(run.consumerLatencyP99Micros()).isEqualTo(77227);
        assertThat(run.confirmLatencyMedianMicros()).isEqualTo(5342);
        assertThat(run.confirmLatencyP99Micros()).isEqualTo(27798);
    }

    @Test
    void perfTestUsesAPersistentQuorumQueueWithConfirmsAndOneManualAckPerMessage() {
        BenchOptions.Broker broker = new BenchOptions.Broker("localhost", 5672, URI.create("http://localhost:15672"),
                "guest", "s3cret", "/");
        List<String> command = PerfTestCeiling.command(broker, SETTING, 700, java.time.Duration.ofSeconds(20));
        assertThat(String.join(" ", command)).contains("com.rabbitmq.perf.PerfTest", "--quorum-queue",
                "--flag persistent", "--size 700", "--confirm 100", "--qos 200", "--time 20", "--producers 1",
                "--consumers 1", "/" + PerfTestCeiling.VHOST);
        assertThat(command).doesNotContain("--autoack", "-a", "--multi-ack-every", "-A");
        assertThat(String.join(" ", PerfTestCeiling.display(command, broker))).doesNotContain("s3cret")
                .startsWith("com.rabbitmq.perf.PerfTest");
    }
}
