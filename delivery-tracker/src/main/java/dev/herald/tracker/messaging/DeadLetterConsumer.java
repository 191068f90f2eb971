package dev.herald.tracker.messaging;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.messaging.MessageCodec;
import dev.herald.tracker.model.DeadLetter;
import dev.herald.tracker.repository.DeadLetterStore;
import dev.herald.tracker.repository.TransientFailures;
import dev.herald.tracker.service.DeadLetterReader;
import dev.herald.tracker.service.StatusBatcher;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Moves dead letters off {@code herald.<channel>.dlq} into the tracker's {@code dead_letter} table, where they can be
 * listed per tenant and redriven by id (a queue can only be read from its head, and peeking by get-and-requeue
 * reorders it and is not safe with several readers). A dispatch's notification is also recorded as
 * {@code dead_lettered}: for poison messages the broker dead-lettered, nobody else reports it.
 *
 * <p>A dead-letter queue has no dead-letter queue of its own, so a dead letter is never rejected: one that cannot be
 * stored even after retries is requeued (the database is down; the broker keeps it safe meanwhile).
 */
@ApplicationScoped
public class DeadLetterConsumer {

    private final MessageCodec codec;
    private final DeadLetterStore store;
    private final StatusBatcher statuses;
    private final ShutdownSignal shutdown;

    DeadLetterConsumer(MessageCodec codec, DeadLetterStore store, StatusBatcher statuses, ShutdownSignal shutdown) {
        this.codec = codec;
        this.store = store;
        this.statuses = statuses;
        this.shutdown = shutdown;
    }

    @Incoming("dead-letters-email")
    public Uni<Void> email(Message<byte[]> message) {
        return take(Channel.EMAIL, message);
    }

    @Incoming("dead-letters-sms")
    public Uni<Void> sms(Message<byte[]> message) {
        return take(Channel.SMS, message);
    }

    @Incoming("dead-letters-push")
    public Uni<Void> push(Message<byte[]> message) {
        return take(Channel.PUSH, message);
    }

    @Incoming("dead-letters-slack")
    public Uni<Void> slack(Message<byte[]> message) {
        return take(Channel.SLACK, message);
    }

    private Uni<Void> take(Channel channel, Message<byte[]> message) {
        Map<String, Object> headers = message.getMetadata(IncomingRabbitMQMetadata.class)
                .map(IncomingRabbitMQMetadata::getHeaders).orElse(Map.of());
        DeadLetter letter = DeadLetterReader.read(channel, message.getPayload(), headers, codec, Instant.now());
        store.record(letter)
                .chain(() -> {
                    StatusMessage status = deadLettered(letter);
                    return status == null ? Uni.createFrom().voidItem() : statuses.submit(status);
                })
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).atMost(8)
                .subscribe().with(
                        stored -> {
                            Log.infof("dead letter of %s (%s) stored: %s", channel.wireName(),
                                    letter.notificationId() == null ? "not a dispatch" : letter.notificationId(),
                                    letter.reason());
                            message.ack();
                        },
                        failure -> {
                            if (shutdown.isShuttingDown()) {
                                return;
                            }
                            if (TransientFailures.isTransient(failure)) {
                                Log.errorf("a dead letter of %s could not be stored (%s); requeueing it",
                                        channel.wireName(), failure.getMessage());
                                message.nack(failure, Metadata.of(new RabbitMQRejectMetadata(true)));
                            } else {
                                // Requeueing what can never be stored would loop; the log keeps what is known of it.
                                Log.errorf(failure, "a dead letter of %s (notification %s, reason %s) cannot be "
                                        + "stored; dropping it", channel.wireName(), letter.notificationId(),
                                        letter.reason());
                                message.ack();
                            }
                        });
        return Uni.createFrom().voidItem();
    }

    /** The {@code dead_lettered} status of a dead dispatch; null when the dispatch is too incomplete to track. */
    private static StatusMessage deadLettered(DeadLetter letter) {
        var dispatch = letter.dispatch();
        if (dispatch == null) {
            return null;
        }
        int attempt = letter.attempt() == null ? dispatch.attempt() : letter.attempt();
        StatusMessage status = new StatusMessage(StatusMessage.SCHEMA_VERSION, dispatch.notificationId(),
                dispatch.eventId(), dispatch.tenant(), dispatch.userId(), letter.channel(),
                NotificationState.DEAD_LETTERED, letter.deadLetteredAt(), Math.max(attempt, 0), null, null,
                letter.reason());
        try {
            return StatusConsumer.requireComplete(status);
        } catch (MessageCodec.PoisonMessageException e) {
            return null;
        }
    }
}
