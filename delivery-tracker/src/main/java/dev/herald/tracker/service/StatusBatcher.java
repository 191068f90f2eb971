package dev.herald.tracker.service;

import dev.herald.common.contract.StatusMessage;
import dev.herald.tracker.config.TrackerConfig;
import dev.herald.tracker.repository.TransientFailures;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gathers statuses into transactions (group commit): while up to {@code max-concurrent-batches} transactions are in
 * flight, new statuses queue up and go together into the next one. An idle tracker writes a status at once; a busy
 * one writes many per commit. Each status's future completes when its transaction has committed, so the consumer
 * acknowledges it only then.
 *
 * <p>A batch that fails for a reason a retry cannot cure (bad data) is written again status by status, so one bad
 * status fails alone; a batch that still fails for a transient reason after {@link StatusRecorder}'s retries fails
 * as a whole.
 */
@ApplicationScoped
public class StatusBatcher {

    private final StatusRecorder recorder;
    private final int maxBatchSize;
    private final int maxConcurrentBatches;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    StatusBatcher(StatusRecorder recorder, TrackerConfig config) {
        this.recorder = recorder;
        this.maxBatchSize = Math.max(1, config.statusWrites().maxBatchSize());
        this.maxConcurrentBatches = Math.max(1, config.statusWrites().maxConcurrentBatches());
    }

    /** Queues {@code status}; the returned Uni completes once it is committed, or fails if it could not be. */
    public Uni<Void> submit(StatusMessage status) {
        Pending pending = new Pending(status, new CompletableFuture<>());
        queue.add(pending);
        drain();
        return Uni.createFrom().completionStage(pending.committed());
    }

    /**
     * Starts transactions while there are queued statuses and fewer than the allowed number in flight. A transaction
     * that ends calls this again, so a status queued while all slots were taken is always picked up: either its own
     * submit sees a free slot, or the ending transaction (which frees its slot first) sees the status.
     */
    private void drain() {
        while (true) {
            int running = inFlight.get();
            if (running >= maxConcurrentBatches || queue.isEmpty()) {
                return;
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Pending> batch = take();
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            write(batch).subscribe().with(ignored -> finished(), failure -> {
                Log.errorf(failure, "writing a batch of %d statuses failed unexpectedly", batch.size());
                batch.forEach(pending -> pending.committed().completeExceptionally(failure));
                finished();
            });
        }
    }

    private void finished() {
        inFlight.decrementAndGet();
        drain();
    }

    private List<Pending> take() {
        List<Pending> batch = new ArrayList<>(Math.min(maxBatchSize, 64));
        Pending next;
        while (batch.size() < maxBatchSize && (next = queue.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    private Uni<Void> write(List<Pending> batch) {
        return Uni.createFrom().deferred(() -> recorder.record(batch.stream().map(Pending::status).toList()))
                .invoke(() -> batch.forEach(pending -> pending.committed().complete(null)))
                .onFailure().recoverWithUni(failure -> {
                    if (batch.size() == 1 || TransientFailures.isTransient(failure)) {
                        batch.forEach(pending -> pending.committed().completeExceptionally(failure));
                        return Uni.createFrom().voidItem();
                    }
                    Log.warnf("a batch of %d statuses failed (%s); writing them one by one", batch.size(),
                            failure.getMessage());
                    Uni<Void> oneByOne = Uni.createFrom().voidItem();
                    for (Pending pending : batch) {
                        oneByOne = oneByOne.chain(() -> writeAlone(pending));
                    }
                    return oneByOne;
                });
    }

    private Uni<Void> writeAlone(Pending pending) {
        return Uni.createFrom().deferred(() -> recorder.record(List.of(pending.status())))
                .invoke(() -> pending.committed().complete(null))
                .onFailure().recoverWithItem(failure -> {
                    pending.committed().completeExceptionally(failure);
                    return null;
                });
    }

    private record Pending(StatusMessage status, CompletableFuture<Void> committed) {
    }
}
