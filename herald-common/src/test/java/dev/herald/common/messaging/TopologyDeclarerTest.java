package dev.herald.common.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import dev.herald.test.RabbitVhostResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Against the real broker: the topology routes, dead-letters and delays as DESIGN.md says. */
class TopologyDeclarerTest {

    private static final String VHOST = "herald-test-herald-common";
    /** Its queues are declared with a length limit of one, which the other vhost's queues must not have. */
    private static final String TINY_VHOST = "herald-test-herald-common-tiny";
    private Connection connection;

    @BeforeEach
    void connect() throws Exception {
        connection = connect(VHOST);
    }

    private static Connection connect(String vhost) throws Exception {
        RabbitVhostResource.recreate(vhost);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setVirtualHost(vhost);
        return factory.newConnection();
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    private static TopologyDeclarer declarer(int maxLength, List<Duration> tiers) {
        return new TopologyDeclarer(new TestBrokerConfig(maxLength, tiers));
    }

    @Test
    void declaringTwiceIsANoOpAndEventsFanOutToFilterAndTracker() throws Exception {
        TopologyDeclarer declarer = declarer(1000, List.of(Duration.ofSeconds(1)));
        declarer.declare(connection);
        declarer.declare(connection);
        try (Channel channel = connection.createChannel()) {
            channel.basicPublish(Topology.EVENTS_EXCHANGE, "", MessageProperties.PERSISTENT_BASIC, bytes("e1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> channel.messageCount(Topology.EVENTS_TRACKER_QUEUE) == 1);
            assertThat(body(channel.basicGet(Topology.EVENTS_FILTER_QUEUE, true))).isEqualTo("e1");
            assertThat(body(channel.basicGet(Topology.EVENTS_TRACKER_QUEUE, true))).isEqualTo("e1");
        }
    }

    @Test
    void dispatchRoutesByChannelAndRejectedMessagesLandInTheDeadLetterQueue() throws Exception {
        declarer(1000, List.of(Duration.ofSeconds(1))).declare(connection);
        try (Channel channel = connection.createChannel()) {
            channel.basicPublish(Topology.DISPATCH_EXCHANGE, "sms", MessageProperties.PERSISTENT_BASIC, bytes("d1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> channel.messageCount("herald.sms") == 1);
            assertThat(channel.messageCount("herald.email")).isZero();
            GetResponse message = channel.basicGet("herald.sms", false);
            channel.basicReject(message.getEnvelope().getDeliveryTag(), false);
            await().atMost(Duration.ofSeconds(5)).until(() -> channel.messageCount("herald.sms.dlq") == 1);
            assertThat(body(channel.basicGet("herald.sms.dlq", true))).isEqualTo("d1");
        }
    }

    @Test
    void aRetryTierHoldsAMessageForItsDelayThenReturnsItToTheWorkQueue() throws Exception {
        declarer(1000, List.of(Duration.ofSeconds(1))).declare(connection);
        try (Channel channel = connection.createChannel()) {
            long start = System.nanoTime();
            channel.basicPublish(Topology.RETRY_EXCHANGE, "push.1s", MessageProperties.PERSISTENT_BASIC, bytes("r1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> channel.messageCount("herald.push") == 1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(body(channel.basicGet("herald.push", true))).isEqualTo("r1");
        }
    }

    @Test
    void aFullWorkQueueRefusesPublishesWithANack() throws Exception {
        try (Connection tiny = connect(TINY_VHOST); Channel channel = tiny.createChannel()) {
            declarer(1, List.of(Duration.ofSeconds(1))).declare(tiny);
            channel.confirmSelect();
            channel.basicPublish(Topology.DISPATCH_EXCHANGE, "slack", MessageProperties.PERSISTENT_BASIC, bytes("1"));
            assertThat(channel.waitForConfirms(5_000)).isTrue();
            // a quorum queue tells publishers it is full asynchronously, so it may take a message or two more
            boolean refused = false;
            for (int i = 2; i <= 6 && !refused; i++) {
                channel.basicPublish(Topology.DISPATCH_EXCHANGE, "slack", MessageProperties.PERSISTENT_BASIC, bytes("" + i));
                refused = !channel.waitForConfirms(5_000);
            }
            assertThat(refused).as("the broker nacks publishes into a full queue").isTrue();
            assertThat(channel.messageCount("herald.slack")).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void redeclaringWithOtherArgumentsFailsInsteadOfSilentlyDiffering() throws Exception {
        declarer(1000, List.of(Duration.ofSeconds(1))).declare(connection);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> declarer(5, List.of(Duration.ofSeconds(1))).declare(connection));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String body(GetResponse response) {
        return new String(response.getBody(), StandardCharsets.UTF_8);
    }

    private record TestBrokerConfig(int maxLength, List<Duration> tiers) implements BrokerConfig {
        public String host() { return "127.0.0.1"; }
        public int port() { return 5672; }
        public String username() { return "guest"; }
        public String password() { return "guest"; }
        public String virtualHost() { return VHOST; }
        public Duration publishTimeout() { return Duration.ofSeconds(5); }
        public Duration recoveryInterval() { return Duration.ofSeconds(1); }
        public Topology topology() {
            return new Topology() {
                public int maxLength() { return maxLength; }
                public int deliveryLimit() { return 3; }
                public List<Duration> retryTiers() { return tiers; }
            };
        }
    }
}
