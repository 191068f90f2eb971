package dev.herald.common.contract;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/** An acknowledgement of a decision or a delivery step, published to {@code herald.status} for the tracker. */
@RegisterForReflection
public record StatusMessage(
        int schemaVersion,
        UUID notificationId,
        UUID eventId,
        String tenant,
        String userId,
        Channel channel,
        NotificationState state,
        Instant at,
        int attempt,
        String provider,
        String providerMessageId,
        String reason) {

    public static final int SCHEMA_VERSION = 1;

    public static StatusMessage of(DispatchMessage dispatch, NotificationState state, String provider,
            String providerMessageId, String reason) {
        return new StatusMessage(SCHEMA_VERSION, dispatch.notificationId(), dispatch.eventId(), dispatch.tenant(),
                dispatch.userId(), dispatch.channel(), state, Instant.now(), dispatch.attempt(), provider,
                providerMessageId, reason);
    }

    /** The routing key on the {@code herald.status} topic exchange: {@code <channel>.<state>}. */
    public String routingKey() {
        return channel.wireName() + "." + state.wireName();
    }
}
