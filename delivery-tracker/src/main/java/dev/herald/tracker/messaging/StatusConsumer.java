package dev.herald.tracker.messaging;

import dev.herald.common.contract.StatusMessage;
import dev.herald.common.messaging.MessageCodec;
import dev.herald.common.messaging.MessageCodec.PoisonMessageException;
import dev.herald.tracker.service.StatusBatcher;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code herald.status.tracker}. Each status is handed to the {@link StatusBatcher} and acknowledged once
 * the transaction holding it has committed; this method returns at once so the next deliveries (up to the prefetch)
 * can join the same batch. An undecodable or incomplete status is rejected at once and lands in the queue's DLQ, as
 * does one that could not be written for a reason a retry cannot cure. While the database is unreachable a status is
 * held unacknowledged and submitted again with a growing pause ({@link DatabaseOutage}), never dead-lettered.
 */
@ApplicationScoped
public class StatusConsumer {

    private final MessageCodec codec;
    private final StatusBatcher batcher;
    private final ShutdownSignal shutdown;

    StatusConsumer(MessageCodec codec, StatusBatcher batcher, ShutdownSignal shutdown) {
        this.codec = codec;
        this.batcher = batcher;
        this.shutdown = shutdown;
    }

    @Incoming("statuses")
    public Uni<Void> onStatus(Message<byte[]> message) {
        StatusMessage status;
        try {
            status = requireComplete(codec.decode(message.getPayload(), StatusMessage.class));
        } catch (PoisonMessageException e) {
            Log.warnf("rejecting an undecodable status to its dead-letter queue: %s", e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        DatabaseOutage.heldThrough(() -> batcher.submit(status), shutdown,
                        "status of notification " + status.notificationId())
                .subscribe().with(
                committed -> message.ack(),
                failure -> {
                    if (shutdown.isShuttingDown()) {
                        Log.infof("status of notification %s left for redelivery: shutting down",
                                status.notificationId());
                        return;
                    }
                    Log.errorf("status %s of notification %s could not be recorded (%s); dead-lettering it",
                            status.state().wireName(), status.notificationId(), failure.getMessage());
                    message.nack(failure);
                });
        return Uni.createFrom().voidItem();
    }

    static StatusMessage requireComplete(StatusMessage status) {
        if (status == null) {
            throw new PoisonMessageException("empty status message");
        }
        require(status.notificationId(), "notificationId");
        require(status.eventId(), "eventId");
        require(status.tenant(), "tenant");
        require(status.userId(), "userId");
        require(status.channel(), "channel");
        require(status.state(), "state");
        require(status.at(), "at");
        if (status.attempt() < 0) {
            throw new PoisonMessageException("status has a negative attempt");
        }
        return status;
    }

    private static void require(Object value, String field) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new PoisonMessageException("status lacks " + field);
        }
    }
}
