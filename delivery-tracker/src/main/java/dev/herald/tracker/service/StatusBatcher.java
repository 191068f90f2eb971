package dev.herald.tracker.service;

import dev.herald.common.contract.StatusMessage;
import dev.herald.tracker.config.TrackerConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collections;
import java.util.List;

/**
 * Gathers statuses into transactions ({@link GroupCommit}, bounded by {@code herald.tracker.status-writes.*}), each
 * written by {@link StatusRecorder}. A status's Uni completes when its transaction has committed, so the consumer
 * acknowledges it only then; a batch that still fails for a transient reason after the recorder's retries fails as a
 * whole.
 */
@ApplicationScoped
public class StatusBatcher {

    private final GroupCommit<StatusMessage, Void> statuses;

    StatusBatcher(StatusRecorder recorder, TrackerConfig config) {
        this.statuses = new GroupCommit<>("statuses", batch -> recorder.record(batch).map(committed -> committed(batch)),
                config.statusWrites().maxBatchSize(), config.statusWrites().maxConcurrentBatches());
    }

    /** Queues {@code status}; the returned Uni completes once it is committed, or fails if it could not be. */
    public Uni<Void> submit(StatusMessage status) {
        return statuses.submit(status);
    }

    private static List<Void> committed(List<StatusMessage> batch) {
        return Collections.nCopies(batch.size(), null);
    }
}
