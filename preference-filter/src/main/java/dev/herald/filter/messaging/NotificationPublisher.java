package dev.herald.filter.messaging;

import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import dev.herald.filter.service.PlannedNotification;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Publishes what the planner decided: dispatches first, then every decision's status, all with confirms. */
@ApplicationScoped
public class NotificationPublisher {

    private static final Map<String, Object> FIRST_ATTEMPT = Map.of(MessageHeaders.ATTEMPT, 1);

    private final ConfirmingPublisher publisher;

    NotificationPublisher(ConfirmingPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Publishes the dispatches to send now, then, once the broker confirmed them all, every status ({@code queued},
     * {@code deferred}, {@code suppressed}): a {@code queued} status never announces a dispatch the broker has not
     * taken. Each batch is published at once (the publisher pipelines them on one confirm channel), so a batch costs
     * two confirm round trips however many notifications it has.
     */
    public Uni<Void> publish(List<PlannedNotification> planned, Function<PlannedNotification, String> traceparent) {
        List<CompletableFuture<Void>> dispatches = new ArrayList<>();
        for (PlannedNotification notification : planned) {
            if (notification.dispatched()) {
                dispatches.add(publisher.publish(Topology.DISPATCH_EXCHANGE, notification.dispatch().channel().wireName(),
                        notification.dispatch(), traceparent.apply(notification), FIRST_ATTEMPT));
            }
        }
        return confirmed(dispatches).chain(() -> {
            List<CompletableFuture<Void>> statuses = new ArrayList<>(planned.size());
            for (PlannedNotification notification : planned) {
                statuses.add(publisher.publish(Topology.STATUS_EXCHANGE, notification.status().routingKey(),
                        notification.status(), traceparent.apply(notification)));
            }
            return confirmed(statuses);
        });
    }

    /**
     * Completes once every confirm arrived. The confirms complete on the AMQP client's connection thread, which must
     * never publish (a publish blocked by the broker's flow control would stop it reading the very confirms it
     * waits for), so what follows runs on a worker thread.
     */
    private static Uni<Void> confirmed(List<CompletableFuture<Void>> confirms) {
        if (confirms.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)))
                .emitOn(Infrastructure.getDefaultWorkerPool());
    }
}
