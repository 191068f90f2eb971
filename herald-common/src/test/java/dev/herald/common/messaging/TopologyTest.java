package dev.herald.common.messaging;

import dev.herald.common.contract.Channel;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyTest {

    @Test
    void retryQueuesAreNamedByTheirDelay() {
        assertThat(Topology.retryQueue(Channel.EMAIL, Duration.ofSeconds(30))).isEqualTo("herald.email.retry.30s");
        assertThat(Topology.retryQueue(Channel.SMS, Duration.ofMinutes(2))).isEqualTo("herald.sms.retry.2m");
        assertThat(Topology.retryQueue(Channel.PUSH, Duration.ofHours(1))).isEqualTo("herald.push.retry.1h");
        assertThat(Topology.retryQueue(Channel.SLACK, Duration.ofMillis(1500))).isEqualTo("herald.slack.retry.1500ms");
        assertThat(Topology.retryRoutingKey(Channel.EMAIL, Duration.ofSeconds(5))).isEqualTo("email.5s");
    }

    @Test
    void everyWorkQueueHasItsOwnDeadLetterQueue() {
        assertThat(Topology.deadLetterQueue(Channel.EMAIL)).isEqualTo("herald.email.dlq");
        assertThat(Topology.deadLetterRoutingKey("herald.events.filter")).isEqualTo("events.filter");
        assertThat(Topology.deadLetterQueue(Topology.STATUS_TRACKER_QUEUE)).isEqualTo("herald.status.tracker.dlq");
    }
}
