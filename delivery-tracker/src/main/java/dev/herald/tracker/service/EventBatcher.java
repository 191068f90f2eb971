package dev.herald.tracker.service;

import dev.herald.common.batching.GroupCommit;
import dev.herald.common.contract.EventMessage;
import dev.herald.tracker.config.TrackerConfig;
import dev.herald.tracker.repository.EventRepository;
import dev.herald.tracker.repository.TransientFailures;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gathers events into batches ({@link GroupCommit}, bounded by {@code herald.tracker.event-writes.*}), each recorded
 * by one multi-row insert ({@link EventRepository#recordIfAbsent(java.util.List)}): under load a commit per batch
 * rather than per event. An event's Uni completes when its insert has committed, so the consumer acknowledges it
 * only then. A batch refused for a reason a retry cannot cure (not {@link TransientFailures transient}) is inserted
 * again event by event, so a bad event fails alone.
 */
@ApplicationScoped
public class EventBatcher {

    private final GroupCommit<EventMessage, Boolean> events;

    EventBatcher(EventRepository repository, TrackerConfig config) {
        this.events = GroupCommit.byPosition(config.eventWrites().maxBatchSize(),
                        config.eventWrites().maxConcurrentBatches(), repository::recordIfAbsent)
                .itemByItemOn("events", failure -> !TransientFailures.isTransient(failure));
    }

    /**
     * Queues {@code event}; the returned Uni completes once it is committed, with true when this recorded it and
     * false when it was recorded already (a redelivery), or fails if it could not be recorded.
     */
    public Uni<Boolean> submit(EventMessage event) {
        return Uni.createFrom().completionStage(events.submit(event).result());
    }
}
