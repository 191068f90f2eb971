package dev.herald.tracker.service;

import dev.herald.common.batching.GroupCommit;
import dev.herald.common.contract.StatusMessage;
import dev.herald.tracker.config.TrackerConfig;
import dev.herald.tracker.repository.TransientFailures;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collections;
import java.util.List;

/**
 * Gathers statuses into transactions ({@link GroupCommit}, bounded by {@code herald.tracker.status-writes.*}), each
 * written by {@link StatusRecorder}. A status's Uni completes when its transaction has committed, so the consumer
 * acknowledges it only then; a batch that still fails for a transient reason after the recorder's retries fails as a
 * whole, and one refused for another reason (bad data) is written again status by status, so a bad status fails
 * alone.
 */
@ApplicationScoped
public class StatusBatcher {

    private final GroupCommit<StatusMessage, Void> statuses;

    StatusBatcher(StatusRecorder recorder, TrackerConfig config) {
        this.statuses = GroupCommit.byPosition(config.statusWrites().maxBatchSize(),
                        config.statusWrites().maxConcurrentBatches(),
                        (List<StatusMessage> batch) -> recorder.record(batch).map(committed -> committed(batch)))
                .itemByItemOn("statuses", failure -> !TransientFailures.isTransient(failure));
    }

    /** Queues {@code status}; the returned Uni completes once it is committed, or fails if it could not be. */
    public Uni<Void> submit(StatusMessage status) {
        return Uni.createFrom().completionStage(statuses.submit(status).result());
    }

    private static List<Void> committed(List<StatusMessage> batch) {
        return Collections.nCopies(batch.size(), null);
    }
}
