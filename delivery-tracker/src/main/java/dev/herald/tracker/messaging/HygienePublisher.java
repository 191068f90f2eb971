package dev.herald.tracker.messaging;

import dev.herald.common.contract.SuppressionMessage;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes hygiene feedback (addresses that must not be used again) to {@code herald.hygiene}, from which the
 * preference filter fills its suppression list. Completes once the broker confirmed every message.
 */
@ApplicationScoped
public class HygienePublisher {

    private final ConfirmingPublisher publisher;

    HygienePublisher(ConfirmingPublisher publisher) {
        this.publisher = publisher;
    }

    public Uni<Void> publish(List<SuppressionMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        CompletableFuture<?>[] confirms = messages.stream()
                .map(message -> publisher.publish(Topology.HYGIENE_EXCHANGE, message.channel().wireName(), message,
                        TraceParent.newTrace()))
                .toArray(CompletableFuture[]::new);
        return Uni.createFrom().completionStage(CompletableFuture.allOf(confirms));
    }
}
