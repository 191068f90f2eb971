package dev.herald.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.herald.common.messaging.BrokerConnection;
import dev.herald.common.messaging.Topology;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * What the tracker published to {@code herald.hygiene}, read off {@code herald.hygiene.filter} (no preference filter
 * consumes it in this module's vhost). Every message read is kept, so tests can each find their own.
 */
public final class HygieneQueue {

    private static final List<JsonNode> SEEN = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private HygieneQueue() {
    }

    public static JsonNode await(BrokerConnection broker, Predicate<JsonNode> match) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            drain(broker);
            return SEEN.stream().filter(match).findFirst();
        }, Optional::isPresent).get();
    }

    public static List<JsonNode> seen(BrokerConnection broker, Predicate<JsonNode> match) {
        drain(broker);
        return SEEN.stream().filter(match).toList();
    }

    private static synchronized void drain(BrokerConnection broker) {
        try (Channel channel = broker.connection().createChannel()) {
            GetResponse message;
            while ((message = channel.basicGet(Topology.HYGIENE_FILTER_QUEUE, true)) != null) {
                SEEN.add(JSON.readTree(message.getBody()));
            }
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
