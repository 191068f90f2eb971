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
final class BrokerProbe implements AutoCloseable {

    /** One message as it was routed. */
    record Received(String exchange, String routingKey, Map<String, Object> headers, JsonNode body) {

        String header(String name) {
            Object value = headers == null ? null : headers.get(name);
            return value == null ? null : value.toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final Channel channel;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private BrokerProbe(Connection connection, Channel channel) {
        this.connection = connection;
        this.channel = channel;
    }

    static BrokerProbe start() throws Exception {
        Connection connection = connect();
        Channel channel = connection.createChannel();
        BrokerProbe probe = new BrokerProbe(connection, channel);
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

    /** An AMQP connection to the test vhost. */
    static Connection connect() throws Exception {
        Config config = ConfigProvider.getConfig();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.getOptionalValue("herald.rabbitmq.host", String.class).orElse("localhost"));
        factory.setPort(config.getOptionalValue("herald.rabbitmq.port", Integer.class).orElse(5672));
        factory.setUsername(config.getOptionalValue("herald.rabbitmq.username", String.class).orElse("guest"));
        factory.setPassword(config.getOptionalValue("herald.rabbitmq.password", String.class).orElse("guest"));
        factory.setVirtualHost(config.getValue("herald.rabbitmq.virtual-host", String.class));
        return factory.newConnection("preference-filter-test-probe");
    }

    List<Received> dispatches(UUID eventId) {
        return ofEvent(eventId, Topology.DISPATCH_EXCHANGE);
    }

    List<Received> statuses(UUID eventId) {
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
    static List<String> drain(String queue) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            GetResponse response;
            while ((response = channel.basicGet(queue, true)) != null) {
                bodies.add(new String(response.getBody(), StandardCharsets.UTF_8));
            }
        }
        return bodies;
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
