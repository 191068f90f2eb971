package dev.herald.filter.messaging;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.messaging.MessageCodec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventConsumerTest {

    private static EventMessage event(UUID eventId, String tenant, String type, List<String> recipients, List<Channel> channels) {
        return new EventMessage(1, eventId, tenant, "api", type, "orders", false, recipients, Map.of(), channels, null,
                Instant.now());
    }

    @Test
    void acceptsACompleteEvent() {
        EventMessage event = event(UUID.randomUUID(), "acme", "order.shipped", List.of("u-1"), null);

        assertThat(EventConsumer.requireProcessable(event)).isSameAs(event);
    }

    @Test
    void treatsAnEventLackingWhatADispatchNeedsAsPoison() {
        assertThatThrownBy(() -> EventConsumer.requireProcessable(event(null, " ", null, null, Arrays.asList(Channel.EMAIL, null))))
                .isInstanceOf(MessageCodec.PoisonMessageException.class)
                .hasMessageContaining("eventId").hasMessageContaining("tenant").hasMessageContaining("type")
                .hasMessageContaining("recipients").hasMessageContaining("channels");
        assertThatThrownBy(() -> EventConsumer.requireProcessable(null)).isInstanceOf(MessageCodec.PoisonMessageException.class);
    }
}
