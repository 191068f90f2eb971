package dev.herald.filter.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.herald.common.messaging.Topology;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches what the service publishes: one temporary queue of the test's own, bound to {@code herald.dispatch} (every
 * channel) and {@code herald.status} ({@code #}) in the test vhost. One queue for both keeps the broker's order: a
 * dispatch published before its status is received before it.
 */
public final class BrokerProbe implements AutoCloseable {

    /** One message as it was routed. */
    public record Received(String exchange, String routingKey, Map<String, Object> headers, JsonNode body) {

        public String header(String name) {
            Object value = headers == null ? null : headers.get(name);
            return value == null ? null : value.toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One connection for every probe of the run: a connection per test is slow handshaking on a busy broker. */
    private static Connection shared;

    private final Channel channel;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private BrokerProbe(Channel channel) {
        this.channel = channel;
    }

    public static BrokerProbe start() throws Exception {
        Channel channel;
        try {
            channel = sharedConnection().createChannel();
        } catch (java.io.IOException | RuntimeException e) {
            // A channel.open that timed out leaves the connection unusable: start over on a new one.
            resetSharedConnection();
            channel = sharedConnection().createChannel();
        }
        BrokerProbe probe = new BrokerProbe(channel);
        String queue = channel.queueDeclare().getQueue();
        for (dev.herald.common.contract.Channel herald : dev.herald.common.contract.Channel.values()) {
            channel.queueBind(queue, Topology.DISPATCH_EXCHANGE, herald.wireName());
        }
        channel.queueBind(queue, Topology.STATUS_EXCHANGE, "#");
        channel.basicConsume(queue, true, (tag, delivery) -> probe.received.add(new Received(
                delivery.getEnvelope().getExchange(), delivery.getEnvelope().getRoutingKey(),
                delivery.getProperties().getHeaders(), JSON.readTree(delivery.getBody()))), tag -> {
        });
        return probe;
    }

    private static synchronized Connection sharedConnection() throws Exception {
        if (shared == null || !shared.isOpen()) {
            shared = connectPatiently();
        }
        return shared;
    }

    private static synchronized void resetSharedConnection() {
        if (shared != null) {
            shared.abort(2000);
            shared = null;
        }
    }

    /**
     * Connects, trying again a few times: a broker busy starting the quorum queues of freshly recreated test vhosts
     * (every module's tests recreate theirs) can let a handshake time out.
     */
    public static Connection connectPatiently() throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return connect();
            } catch (java.io.IOException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofSeconds(Math.min(attempt, 5))).until(() -> true);
            }
        }
    }

    /** An AMQP connection to the test vhost. */
    static Connection connect() throws Exception {
        Config config = ConfigProvider.getConfig();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.getOptionalValue("herald.rabbitmq.host", String.class).orElse("localhost"));
        factory.setPort(config.getOptionalValue("herald.rabbitmq.port", Integer.class).orElse(5672));
        factory.setUsername(config.getOptionalValue("herald.rabbitmq.username", String.class).orElse("guest"));
        factory.setPassword(config.getOptionalValue("herald.rabbitmq.password", String.class).orElse("guest"));
        factory.setVirtualHost(config.getValue("herald.rabbitmq.virtual-host", String.class));
        factory.setHandshakeTimeout(30_000);
        factory.setConnectionTimeout(30_000);
        factory.setChannelRpcTimeout(30_000);
        return factory.newConnection("preference-filter-test-probe");
    }

    public List<Received> dispatches(UUID eventId) {
        return ofEvent(eventId, Topology.DISPATCH_EXCHANGE);
    }

    public List<Received> statuses(UUID eventId) {
        return ofEvent(eventId, Topology.STATUS_EXCHANGE);
    }

    private List<Received> ofEvent(UUID eventId, String exchange) {
        List<Received> matching = new ArrayList<>();
        for (Received message : received) {
            if (message.exchange().equals(exchange) && eventId.toString().equals(message.body().path("eventId").asText())) {
                matching.add(message);
            }
        }
        return matching;
    }

    /** Takes every message now in {@code queue}, acknowledging them, and returns their bodies as text. */
    public static List<String> drain(String queue) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (Channel channel = sharedConnection().createChannel()) {
            GetResponse response;
            while ((response = channel.basicGet(queue, true)) != null) {
                bodies.add(new String(response.getBody(), StandardCharsets.UTF_8));
            }
        }
        return bodies;
    }

    /** Every message received about one user, in the order received. */
    public List<Received> ofUser(String userId) {
        List<Received> matching = new ArrayList<>();
        for (Received message : received) {
            if (userId.equals(message.body().path("userId").asText())) {
                matching.add(message);
            }
        }
        return matching;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } catch (java.util.concurrent.TimeoutException | com.rabbitmq.client.AlreadyClosedException e) {
            // the broker will drop the exclusive queue with the channel anyway
        }
    }
}
