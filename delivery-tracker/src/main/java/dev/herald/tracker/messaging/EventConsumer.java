package dev.herald.tracker.messaging;

import dev.herald.common.contract.EventMessage;
import dev.herald.common.messaging.MessageCodec;
import dev.herald.common.messaging.MessageCodec.PoisonMessageException;
import dev.herald.tracker.service.EventBatcher;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code herald.events.tracker}: records each accepted event once (a redelivery changes nothing) and
 * acknowledges it after the insert holding it has committed. Each event is handed to the {@link EventBatcher} and
 * this method returns at once, so the next deliveries (up to the prefetch) can join the same insert. An undecodable
 * or incomplete event is rejected to the queue's DLQ at once, as is one that could not be written for a reason a
 * retry cannot cure. While the database is unreachable an event is held unacknowledged and submitted again with a
 * growing pause ({@link DatabaseOutage}): a full prefetch of held events stops the consumption until the database is
 * back, and nothing is dead-lettered for an outage.
 */
@ApplicationScoped
public class EventConsumer {

    private final MessageCodec codec;
    private final EventBatcher batcher;
    private final ShutdownSignal shutdown;

    EventConsumer(MessageCodec codec, EventBatcher batcher, ShutdownSignal shutdown) {
        this.codec = codec;
        this.batcher = batcher;
        this.shutdown = shutdown;
    }

    @Incoming("events")
    public Uni<Void> onEvent(Message<byte[]> message) {
        EventMessage event;
        try {
            event = requireComplete(codec.decode(message.getPayload(), EventMessage.class));
        } catch (PoisonMessageException e) {
            Log.warnf("rejecting an undecodable event to its dead-letter queue: %s", e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        DatabaseOutage.heldThrough(() -> batcher.submit(event), shutdown, "event " + event.eventId())
                .subscribe().with(
                        recorded -> {
                            if (!recorded) {
                                Log.debugf("event %s was recorded already", event.eventId());
                            }
                            message.ack();
                        },
                        failure -> {
                            if (shutdown.isShuttingDown()) {
                                Log.infof("event %s left for redelivery: shutting down", event.eventId());
                                return;
                            }
                            Log.errorf("event %s could not be recorded (%s); dead-lettering it", event.eventId(),
                                    failure.getMessage());
                            message.nack(failure);
                        });
        return Uni.createFrom().voidItem();
    }

    static EventMessage requireComplete(EventMessage event) {
        if (event == null) {
            throw new PoisonMessageException("empty event message");
        }
        if (event.eventId() == null || event.tenant() == null || event.tenant().isBlank()
                || event.type() == null || event.type().isBlank() || event.acceptedAt() == null) {
            throw new PoisonMessageException("event lacks one of eventId, tenant, type, acceptedAt");
        }
        return event;
    }
}
