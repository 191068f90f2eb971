package dev.herald.bench.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.herald.bench.BenchOptions;
import dev.herald.bench.HeraldApi;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Measures the real size of the messages one notification puts through the broker: a temporary queue of the
 * benchmark's own (exclusive, auto-deleted) is bound beside the platform's queues to the event fanout, the dispatch
 * exchange and the status exchange; one real event is sent through ingress, and the copies of its event, dispatch,
 * {@code queued} and {@code sent} messages are weighed. PerfTest then runs with the dispatch's size.
 */
public final class MessageSizeProbe {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private MessageSizeProbe() {
    }

    /** Body sizes in bytes of each message of one notification, keyed by what it is. */
    public record MessageSizes(Map<String, Integer> bodies) {

        public int dispatch() {
            return bodies.getOrDefault("dispatch", 0);
        }

        public double meanPerTransit(TransitCount transits) {
            double perEvent = 2.0 * bodies.getOrDefault("event", 0) / (transits.recipientsPerEvent() * transits.channelsPerEvent());
            return (perEvent + bodies.getOrDefault("dispatch", 0) + bodies.getOrDefault("queued status", 0)
                    + bodies.getOrDefault("sent status", 0)) / transits.perNotification();
        }
    }

    public static MessageSizes measure(BenchOptions options, HeraldApi api, String eventBody, String channel) {
        BenchOptions.Broker broker = options.broker();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(broker.host());
        factory.setPort(broker.port());
        factory.setUsername(broker.username());
        factory.setPassword(broker.password());
        factory.setVirtualHost(broker.vhost());
        factory.setAutomaticRecoveryEnabled(false);
        try (Connection connection = factory.newConnection("herald-bench message-size probe")) {
            Channel amqp = connection.createChannel();
            String queue = amqp.queueDeclare("", false, true, true, Map.of()).getQueue();
            amqp.queueBind(queue, "herald.events", "");
            amqp.queueBind(queue, "herald.dispatch", channel);
            amqp.queueBind(queue, "herald.status", channel + ".*");
            HttpResponse<String> accepted = api.postEvent(eventBody, Duration.ofSeconds(30)).join();
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("the probe event was refused: " + accepted.statusCode() + " " + accepted.body());
            }
            String eventId = HeraldApi.eventId(accepted.body());
            Map<String, Integer> bodies = new LinkedHashMap<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (bodies.size() < 4 && System.nanoTime() < deadline) {
                GetResponse message = amqp.basicGet(queue, true);
                if (message == null) {
                    Thread.sleep(50);
                    continue;
                }
                String body = new String(message.getBody(), StandardCharsets.UTF_8);
                if (!body.contains(eventId)) {
                    continue;
                }
                String exchange = message.getEnvelope().getExchange();
                String key = message.getEnvelope().getRoutingKey();
                String kind = switch (exchange) {
                    case "herald.events" -> "event";
                    case "herald.dispatch" -> "dispatch";
                    case "herald.status" -> key.substring(key.indexOf('.') + 1) + " status";
                    default -> exchange;
                };
                bodies.putIfAbsent(kind, message.getBody().length);
            }
            amqp.queueDelete(queue);
            if (!bodies.containsKey("dispatch")) {
                throw new IllegalStateException("the probe event's dispatch never came by (saw " + bodies.keySet() + ")");
            }
            return new MessageSizes(bodies);
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("cannot reach RabbitMQ at " + broker.host() + ":" + broker.port()
                    + " vhost " + broker.vhost(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
