package dev.herald.filter.messaging;

import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.BrokerUnavailableException;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.MessageCodec;
import dev.herald.common.messaging.Topology;
import dev.herald.filter.config.FilterConfig;
import dev.herald.filter.repository.UserRepository;
import dev.herald.filter.service.NotificationPlanner;
import dev.herald.filter.service.PlannedNotification;
import dev.herald.filter.service.policy.PreferencePolicy;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Consumes accepted events ({@code herald.events.filter}) and publishes, for every recipient and channel, either a
 * dispatch to {@code herald.dispatch} with its {@code queued} status, or a {@code suppressed} status. Statuses go
 * out only once the broker has confirmed every dispatch of the event.
 *
 * <p>Acknowledgement, in three cases:
 * <ul>
 *   <li>every publish of the event confirmed: ack;</li>
 *   <li>poison (undecodable, or missing what a dispatch needs): nack, which the {@code reject} failure strategy
 *       turns into a dead letter in {@code herald.events.filter.dlq};</li>
 *   <li>the broker or the database cannot take the work now: neither. The event is held and its whole work done
 *       again after a growing pause, until it succeeds. Requeueing would spin and burn the queue's delivery limit,
 *       rejecting would dead-letter a good event. Events are processed one at a time, so holding one stops the
 *       consumption: that is the backpressure a full queue or a broker outage calls for. Should the consumer's
 *       connection drop meanwhile, RabbitMQ redelivers the event; the notification ids are deterministic, so
 *       publishing it twice is harmless downstream.</li>
 * </ul>
 */
@ApplicationScoped
public class EventConsumer {

    private static final Map<String, Object> FIRST_ATTEMPT = Map.of(MessageHeaders.ATTEMPT, 1);

    private final MessageCodec codec;
    private final UserRepository users;
    private final ConfirmingPublisher publisher;
    private final NotificationPlanner planner;
    private final RetryBackoff backoff;
    private volatile boolean stopping;

    EventConsumer(MessageCodec codec, UserRepository users, ConfirmingPublisher publisher, FilterConfig config) {
        this.codec = codec;
        this.users = users;
        this.publisher = publisher;
        this.planner = new NotificationPlanner(PreferencePolicy.standard(), config.defaultLocale());
        this.backoff = new RetryBackoff(config.retry().initialBackoff(), config.retry().maxBackoff());
    }

    @Incoming("events")
    public Uni<Void> onEvent(Message<Object> message) {
        EventMessage event;
        try {
            event = requireProcessable(codec.decode(message.getPayload(), EventMessage.class));
        } catch (MessageCodec.PoisonMessageException e) {
            Log.errorf("dead-lettering an event that cannot be processed: %s", e.getMessage());
            return Uni.createFrom().completionStage(() -> message.nack(e));
        }
        String traceparent = TraceParent.childOf(message.getMetadata(IncomingRabbitMQMetadata.class)
                .flatMap(metadata -> metadata.getHeader(MessageHeaders.TRACEPARENT, String.class))
                .orElse(null));
        return attempt(event, traceparent, 1)
                .onItemOrFailure().transformToUni((done, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message::ack);
                    }
                    if (transientFailure(failure)) {
                        // Shutting down: leave it unacknowledged; RabbitMQ redelivers it when our channel closes.
                        Log.infof("event %s left unacknowledged at shutdown; it will be redelivered", event.eventId());
                        return Uni.createFrom().voidItem();
                    }
                    Log.errorf(failure, "dead-lettering event %s: processing failed", event.eventId());
                    return Uni.createFrom().completionStage(() -> message.nack(failure));
                });
    }

    /** One attempt at the event's whole work; after a transient failure, a pause and the next attempt. */
    private Uni<Void> attempt(EventMessage event, String traceparent, int attempt) {
        return Uni.createFrom().deferred(() -> filter(event, traceparent))
                .onFailure(this::retryable).recoverWithUni(failure -> {
                    Duration pause = backoff.after(attempt);
                    Log.warnf("event %s: attempt %d failed (%s); retrying in %s", event.eventId(), attempt,
                            failure.getMessage(), pause);
                    return Uni.createFrom().voidItem().onItem().delayIt().by(pause)
                            .chain(() -> attempt(event, traceparent, attempt + 1));
                });
    }

    /** Looks the recipients up (one query for all of them), decides, publishes, and waits for every confirm. */
    private Uni<Void> filter(EventMessage event, String traceparent) {
        return users.findRecipients(event.tenant(), NotificationPlanner.recipients(event))
                .onFailure().transform(DatabaseUnavailableException::new)
                // Publishing may block on the broker's flow control: keep it off the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .chain(recipients -> {
                    List<PlannedNotification> planned = planner.plan(event, recipients, Instant.now());
                    return publish(planned, traceparent)
                            .invoke(() -> Log.debugf("event %s: %d notifications decided, %d dispatched", event.eventId(),
                                    planned.size(), planned.stream().filter(PlannedNotification::dispatched).count()));
                });
    }

    /**
     * Publishes the dispatches, then, once the broker confirmed them all, every status: a {@code queued} status
     * never announces a dispatch the broker has not taken. Each batch is published at once (the publisher pipelines
     * them on one confirm channel), so an event costs two confirm round trips however many notifications it has.
     */
    private Uni<Void> publish(List<PlannedNotification> planned, String traceparent) {
        List<CompletableFuture<Void>> dispatches = new ArrayList<>();
        for (PlannedNotification notification : planned) {
            if (notification.dispatched()) {
                dispatches.add(publisher.publish(Topology.DISPATCH_EXCHANGE, notification.dispatch().channel().wireName(),
                        notification.dispatch(), traceparent, FIRST_ATTEMPT));
            }
        }
        return confirmed(dispatches).chain(() -> {
            List<CompletableFuture<Void>> statuses = new ArrayList<>(planned.size());
            for (PlannedNotification notification : planned) {
                statuses.add(publisher.publish(Topology.STATUS_EXCHANGE, notification.status().routingKey(),
                        notification.status(), traceparent));
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
        return Uni.createFrom().completionStage(CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)))
                .emitOn(Infrastructure.getDefaultWorkerPool());
    }

    /** A decoded event that lacks what every dispatch needs can never be processed: it is poison too. */
    static EventMessage requireProcessable(EventMessage event) {
        if (event == null) {
            throw new MessageCodec.PoisonMessageException("the event is empty");
        }
        List<String> missing = new ArrayList<>();
        if (event.eventId() == null) {
            missing.add("eventId");
        }
        if (event.tenant() == null || event.tenant().isBlank()) {
            missing.add("tenant");
        }
        if (event.type() == null || event.type().isBlank()) {
            missing.add("type");
        }
        if (event.recipients() == null || event.recipients().stream().anyMatch(id -> id == null || id.isBlank())) {
            missing.add("recipients");
        }
        if (event.channels() != null && event.channels().contains(null)) {
            missing.add("channels");
        }
        if (!missing.isEmpty()) {
            throw new MessageCodec.PoisonMessageException("event " + event.eventId() + " lacks or has invalid " + missing);
        }
        return event;
    }

    private boolean retryable(Throwable failure) {
        return !stopping && transientFailure(failure);
    }

    private static boolean transientFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BrokerUnavailableException || cause instanceof DatabaseUnavailableException) {
                return true;
            }
        }
        return false;
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** The recipients could not be read: the database is unreachable or failing. */
    static final class DatabaseUnavailableException extends RuntimeException {
        DatabaseUnavailableException(Throwable cause) {
            super("reading the recipients failed: " + cause.getMessage(), cause);
        }
    }
}
