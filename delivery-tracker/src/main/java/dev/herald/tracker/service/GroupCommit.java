package dev.herald.tracker.service;

import dev.herald.tracker.repository.TransientFailures;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gathers items into batches written one commit each (group commit): while up to {@code maxConcurrentBatches}
 * batches are being written, new items queue up and go together into the next one. An idle writer writes an item at
 * once; a busy one writes many per commit, so a burst costs a commit (a WAL flush) per batch instead of per item.
 * Each item's {@link Uni} completes with its own result once its batch has committed, so a consumer acknowledges it
 * only then.
 *
 * <p>A batch that fails for a reason a retry cannot cure (bad data) is written again item by item, so one bad item
 * fails alone; a batch that fails for a transient reason ({@link TransientFailures}) fails as a whole, for the caller
 * to hold and submit again.
 *
 * @param <T> an item
 * @param <R> what writing it answers for the item
 */
public final class GroupCommit<T, R> {

    /** Writes a batch in one commit; completes, once committed, with one result per item in the batch's order. */
    @FunctionalInterface
    public interface BatchWriter<T, R> {
        Uni<List<R>> write(List<T> batch);
    }

    private final String items;
    private final BatchWriter<T, R> writer;
    private final int maxBatchSize;
    private final int maxConcurrentBatches;
    private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** {@code items} names the items in log messages, e.g. {@code "statuses"}. */
    public GroupCommit(String items, BatchWriter<T, R> writer, int maxBatchSize, int maxConcurrentBatches) {
        this.items = items;
        this.writer = writer;
        this.maxBatchSize = Math.max(1, maxBatchSize);
        this.maxConcurrentBatches = Math.max(1, maxConcurrentBatches);
    }

    /** Queues {@code item}; the returned Uni completes with its result once it is committed, or fails if it could not be. */
    public Uni<R> submit(T item) {
        Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
        queue.add(pending);
        drain();
        return Uni.createFrom().completionStage(pending.result());
    }

    /**
     * Starts batches while there are queued items and fewer than the allowed number in flight. A batch that ends
     * calls this again, so an item queued while all slots were taken is always picked up: either its own submit sees
     * a free slot, or the ending batch (which frees its slot first) sees the item.
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
            List<Pending<T, R>> batch = take();
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            write(batch).subscribe().with(ignored -> finished(), failure -> {
                Log.errorf(failure, "writing a batch of %d %s failed unexpectedly", batch.size(), items);
                batch.forEach(pending -> pending.result().completeExceptionally(failure));
                finished();
            });
        }
    }

    private void finished() {
        inFlight.decrementAndGet();
        drain();
    }

    private List<Pending<T, R>> take() {
        List<Pending<T, R>> batch = new ArrayList<>(Math.min(maxBatchSize, 64));
        Pending<T, R> next;
        while (batch.size() < maxBatchSize && (next = queue.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    private Uni<Void> write(List<Pending<T, R>> batch) {
        return Uni.createFrom().deferred(() -> writer.write(batch.stream().map(Pending::item).toList()))
                .invoke(results -> {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).result().complete(results.get(i));
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    if (batch.size() == 1 || TransientFailures.isTransient(failure)) {
                        batch.forEach(pending -> pending.result().completeExceptionally(failure));
                        return Uni.createFrom().voidItem();
                    }
                    Log.warnf("a batch of %d %s failed (%s); writing them one by one", batch.size(), items,
                            failure.getMessage());
                    Uni<Void> oneByOne = Uni.createFrom().voidItem();
                    for (Pending<T, R> pending : batch) {
                        oneByOne = oneByOne.chain(() -> writeAlone(pending));
                    }
                    return oneByOne;
                });
    }

    private Uni<Void> writeAlone(Pending<T, R> pending) {
        return Uni.createFrom().deferred(() -> writer.write(List.of(pending.item())))
                .invoke(results -> pending.result().complete(results.get(0)))
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    pending.result().completeExceptionally(failure);
                    return null;
                });
    }

    private record Pending<T, R>(T item, CompletableFuture<R> result) {
    }
}
