package dev.herald.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.herald.common.messaging.BrokerConnection;
import dev.herald.common.messaging.Topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** A private queue bound to the events fanout: what ingress really published. */
final class EventTap implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Channel channel;
    private final String queue;

    EventTap(BrokerConnection broker) throws Exception {
        channel = broker.connection().createChannel();
        queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, Topology.EVENTS_EXCHANGE, "");
    }

    /** Waits for the next published event. */
    JsonNode next() {
        List<JsonNode> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            GetResponse response = channel.basicGet(queue, true);
            if (response != null) {
                received.add(JSON.readTree(response.getBody()));
                return true;
            }
            return false;
        });
        return received.get(0);
    }

    @Override
    public void close() throws Exception {
        channel.close();
    }
}
