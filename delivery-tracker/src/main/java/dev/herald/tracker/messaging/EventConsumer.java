package dev.herald.tracker.messaging;

import dev.herald.common.contract.EventMessage;
import dev.herald.common.messaging.MessageCodec;
import dev.herald.common.messaging.MessageCodec.PoisonMessageException;
import dev.herald.tracker.repository.EventRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code herald.events.tracker}: records each accepted event once (a redelivery changes nothing) and
 * acknowledges it after the insert has committed. Inserts run concurrently, bounded by the consumer's prefetch; an
 * undecodable or incomplete event is rejected to the queue's DLQ. While the database is unreachable an event is
 * held unacknowledged and its insert tried again with a growing pause ({@link DatabaseOutage}): a full prefetch of
 * held events stops the consumption until the database is back, and nothing is dead-lettered for an outage.
 */
@ApplicationScoped
public class EventConsumer {

    private final MessageCodec codec;
    private final EventRepository events;
    private final ShutdownSignal shutdown;

    EventConsumer(MessageCodec codec, EventRepository events, ShutdownSignal shutdown) {
        this.codec = codec;
        this.events = events;
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
        DatabaseOutage.heldThrough(() -> events.recordIfAbsent(event), shutdown, "event " + event.eventId())
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
