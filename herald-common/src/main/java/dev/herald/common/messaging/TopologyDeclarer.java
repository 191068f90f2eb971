package dev.herald.common.messaging;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Declares the whole topology of DESIGN.md, idempotently, on every connection: whichever service starts first
 * creates it, and every later declaration with the same arguments is a no-op. This is the only place that
 * declares anything; the messaging connector is configured not to.
 */
@ApplicationScoped
public class TopologyDeclarer {

    private final BrokerConfig.Topology config;

    TopologyDeclarer(BrokerConfig config) {
        this.config = config.topology();
    }

    public void declare(Connection connection) throws IOException {
        try (Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(Topology.EVENTS_EXCHANGE, BuiltinExchangeType.FANOUT, true);
            channel.exchangeDeclare(Topology.DISPATCH_EXCHANGE, BuiltinExchangeType.DIRECT, true);
            channel.exchangeDeclare(Topology.RETRY_EXCHANGE, BuiltinExchangeType.DIRECT, true);
            channel.exchangeDeclare(Topology.DEAD_LETTER_EXCHANGE, BuiltinExchangeType.DIRECT, true);
            channel.exchangeDeclare(Topology.STATUS_EXCHANGE, BuiltinExchangeType.TOPIC, true);
            channel.exchangeDeclare(Topology.HYGIENE_EXCHANGE, BuiltinExchangeType.FANOUT, true);

            declareWorkQueue(channel, Topology.EVENTS_FILTER_QUEUE);
            channel.queueBind(Topology.EVENTS_FILTER_QUEUE, Topology.EVENTS_EXCHANGE, "");
            declareWorkQueue(channel, Topology.EVENTS_TRACKER_QUEUE);
            channel.queueBind(Topology.EVENTS_TRACKER_QUEUE, Topology.EVENTS_EXCHANGE, "");
            declareWorkQueue(channel, Topology.STATUS_TRACKER_QUEUE);
            channel.queueBind(Topology.STATUS_TRACKER_QUEUE, Topology.STATUS_EXCHANGE, "#");
            declareWorkQueue(channel, Topology.HYGIENE_FILTER_QUEUE);
            channel.queueBind(Topology.HYGIENE_FILTER_QUEUE, Topology.HYGIENE_EXCHANGE, "");

            for (dev.herald.common.contract.Channel herald : dev.herald.common.contract.Channel.values()) {
                String queue = herald.workQueue();
                declareWorkQueue(channel, queue);
                channel.queueBind(queue, Topology.DISPATCH_EXCHANGE, herald.wireName());
                for (Duration tier : config.retryTiers()) {
                    String retryQueue = Topology.retryQueue(herald, tier);
                    Map<String, Object> arguments = quorum();
                    arguments.put("x-message-ttl", tier.toMillis());
                    arguments.put("x-dead-letter-exchange", Topology.DISPATCH_EXCHANGE);
                    arguments.put("x-dead-letter-routing-key", herald.wireName());
                    arguments.put("x-dead-letter-strategy", "at-least-once");
                    arguments.put("x-overflow", "reject-publish");
                    channel.queueDeclare(retryQueue, true, false, false, arguments);
                    channel.queueBind(retryQueue, Topology.RETRY_EXCHANGE, Topology.retryRoutingKey(herald, tier));
                }
            }
            Log.debug("RabbitMQ topology declared");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("closing the declaration channel timed out", e);
        }
    }

    /** A bounded quorum work queue whose rejected and poison messages go to its own dead-letter queue. */
    private void declareWorkQueue(Channel channel, String queue) throws IOException {
        String deadLetterQueue = Topology.deadLetterQueue(queue);
        String deadLetterKey = Topology.deadLetterRoutingKey(queue);
        channel.queueDeclare(deadLetterQueue, true, false, false, quorum());
        channel.queueBind(deadLetterQueue, Topology.DEAD_LETTER_EXCHANGE, deadLetterKey);

        Map<String, Object> arguments = quorum();
        arguments.put("x-delivery-limit", config.deliveryLimit());
        arguments.put("x-dead-letter-exchange", Topology.DEAD_LETTER_EXCHANGE);
        arguments.put("x-dead-letter-routing-key", deadLetterKey);
        arguments.put("x-dead-letter-strategy", "at-least-once");
        arguments.put("x-overflow", "reject-publish");
        arguments.put("x-max-length", config.maxLength());
        channel.queueDeclare(queue, true, false, false, arguments);
    }

    private static Map<String, Object> quorum() {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", "quorum");
        return arguments;
    }
}
