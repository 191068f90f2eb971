package dev.herald.filter.messaging;

import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.BrokerUnavailableException;
import dev.herald.common.messaging.MessageCodec;
import dev.herald.filter.config.FilterConfig;
import dev.herald.filter.repository.DeferredRepository;
import dev.herald.filter.repository.EventProgressRepository;
import dev.herald.filter.service.CategoryCatalog;
import dev.herald.filter.service.FrequencyCapGate;
import dev.herald.filter.service.NotificationPlanner;
import dev.herald.filter.service.PlannedNotification;
import dev.herald.filter.service.RecipientDirectory;
import dev.herald.filter.service.TenantCategories;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
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

/**
 * Consumes accepted events ({@code herald.events.filter}) and publishes, for every recipient and channel, either a
 * dispatch to {@code herald.dispatch} with its {@code queued} status, a {@code deferred} status (the dispatch held in
 * PostgreSQL until the end of the user's quiet hours, see {@link DeferredReleaser}), or a {@code suppressed} status.
 * Deferred dispatches are stored first; statuses go out only once the broker has confirmed every dispatch.
 *
 * <p>An event is processed in chunks of {@code herald.filter.chunk-size} recipients: each chunk is looked up,
 * decided (preferences, then the frequency caps), stored, published and confirmed before the next one starts, so
 * memory and the confirms in flight are bounded by the chunk, not by the number of recipients. An event with more
 * than one chunk records its progress in {@code preference.event_progress} after each chunk; a retried or
 * redelivered event resumes after the last completed chunk, and the row is deleted once the event is done. An event
 * of one chunk (nearly all of them) costs no progress writes: redoing it is redoing one chunk.
 *
 * <p>Acknowledgement, in three cases:
 * <ul>
 *   <li>every chunk published and confirmed: ack;</li>
 *   <li>poison (undecodable, or missing what a dispatch needs): nack, which the {@code reject} failure strategy
 *       turns into a dead letter in {@code herald.events.filter.dlq};</li>
 *   <li>the broker or the database cannot take the work now: neither. The event is held and its work resumed (from
 *       its last completed chunk) after a growing pause, until it succeeds. Requeueing would spin and burn the
 *       queue's delivery limit, rejecting would dead-letter a good event. Each copy of the {@code events} channel
 *       ({@code mp.messaging.incoming.events.concurrency}) processes one event at a time, so holding one stops that
 *       copy's consumption; a broker or database outage holds every copy in turn: that is the backpressure a full
 *       queue or an outage calls for. Should the consumer's connection drop meanwhile, RabbitMQ redelivers the
 *       event; the notification ids are deterministic, so publishing a chunk twice is harmless downstream.</li>
 * </ul>
 * Events run concurrently (one per channel copy), so two events to the same user may be dispatched in either order;
 * nothing downstream relies on the order of events.
 */
@ApplicationScoped
public class EventConsumer {

    private final MessageCodec codec;
    private final RecipientDirectory recipients;
    private final CategoryCatalog categories;
    private final DeferredRepository deferrals;
    private final NotificationPublisher publisher;
    private final NotificationPlanner planner;
    private final EventProgressRepository progress;
    private final FrequencyCapGate frequencyCaps;
    private final RetryBackoff backoff;
    private final int chunkSize;
    private volatile boolean stopping;

    EventConsumer(MessageCodec codec, RecipientDirectory recipients, CategoryCatalog categories,
            DeferredRepository deferrals, NotificationPublisher publisher, NotificationPlanner planner,
            EventProgressRepository progress, FrequencyCapGate frequencyCaps, FilterConfig config) {
        this.codec = codec;
        this.recipients = recipients;
        this.categories = categories;
        this.deferrals = deferrals;
        this.publisher = publisher;
        this.planner = planner;
        this.progress = progress;
        this.frequencyCaps = frequencyCaps;
        this.chunkSize = config.chunkSize();
        if (chunkSize < 1) {
            throw new IllegalArgumentException("herald.filter.chunk-size must be at least 1");
        }
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

    /** One attempt at the rest of the event's work; after a transient failure, a pause and the next attempt. */
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

    /**
     * Resumes the event after its recorded progress (an event of one chunk has none), then processes the rest of its
     * recipients chunk after chunk, recording the progress after each one; forgets the progress once all are done.
     */
    private Uni<Void> filter(EventMessage event, String traceparent) {
        List<String> all = NotificationPlanner.recipients(event);
        boolean chunked = all.size() > chunkSize;
        Uni<Integer> resumeAt = chunked ? progress.recipientsDone(event.eventId()) : Uni.createFrom().item(0);
        return Uni.combine().all().unis(resumeAt, categories.of(event.tenant())).asTuple()
                .onFailure().transform(DatabaseUnavailableException::new)
                .chain(found -> {
                    int from = Math.min(found.getItem1(), all.size());
                    if (from > 0) {
                        Log.infof("event %s: resuming after %d of %d recipients", event.eventId(), from, all.size());
                    }
                    int chunks = (all.size() - from + chunkSize - 1) / chunkSize;
                    return Multi.createFrom().range(0, chunks)
                            .onItem().transformToUniAndConcatenate(index -> {
                                int start = from + index * chunkSize;
                                int end = Math.min(start + chunkSize, all.size());
                                return chunk(event, all.subList(start, end), found.getItem2(), traceparent)
                                        .chain(() -> chunked && end < all.size()
                                                ? recorded(progress.record(event.eventId(), event.tenant(), end, all.size()))
                                                : Uni.createFrom().voidItem());
                            })
                            .collect().last()
                            .chain(() -> chunked ? recorded(progress.complete(event.eventId())) : Uni.createFrom().voidItem());
                });
    }

    /**
     * One chunk: looks its recipients up (cached; one query for all missing ones), decides, applies the frequency
     * caps, stores what quiet hours defer, publishes, and waits for every confirm.
     */
    private Uni<Void> chunk(EventMessage event, List<String> userIds, TenantCategories tenantCategories,
            String traceparent) {
        Instant now = Instant.now();
        return recipients.find(event.tenant(), userIds).onFailure().transform(DatabaseUnavailableException::new)
                .map(found -> planner.plan(event, userIds, found, tenantCategories, now))
                .chain(planned -> frequencyCaps.enforce(planned, now).onFailure().transform(DatabaseUnavailableException::new))
                .chain(planned -> defer(planned, traceparent)
                        // Publishing may block on the broker's flow control: keep it off the event loop.
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .chain(() -> publisher.publish(planned, notification -> traceparent))
                        .invoke(() -> Log.debugf("event %s: %d notifications decided, %d dispatched", event.eventId(),
                                planned.size(), planned.stream().filter(PlannedNotification::dispatched).count())));
    }

    private static Uni<Void> recorded(Uni<Void> write) {
        return write.onFailure().transform(DatabaseUnavailableException::new);
    }

    /** Stores the deferred dispatches before anything is announced: a restart then loses none. */
    private Uni<Void> defer(List<PlannedNotification> planned, String traceparent) {
        List<DeferredRepository.Deferred> held = new ArrayList<>();
        for (PlannedNotification notification : planned) {
            if (notification.deferred()) {
                held.add(new DeferredRepository.Deferred(notification.dispatch(), notification.releaseAt(), traceparent));
            }
        }
        return deferrals.store(held).onFailure().transform(DatabaseUnavailableException::new);
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

    /**
     * The recipients could not be read, frequency caps counted, deferrals or progress stored: the database is
     * unreachable or failing.
     */
    static final class DatabaseUnavailableException extends RuntimeException {
        DatabaseUnavailableException(Throwable cause) {
            super("the database failed: " + cause.getMessage(), cause);
        }
    }
}
