package dev.herald.common.batching;

import io.smallrye.mutiny.Uni;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit: while up to {@code maxConcurrentBatches} writes are in flight, submitted items queue up and go
 * together into the next write, at most {@code maxBatchSize} at a time. An idle writer writes an item at once (no
 * timer); a busy one writes many per statement or transaction. Each item's ticket completes with its own result once
 * its batch is written, or fails with the batch's failure: a batch is one statement or transaction, so it succeeds or
 * fails as a whole.
 *
 * <p>A batch never holds two items with the same key (a row one statement may touch only once, e.g. {@code INSERT
 * ... ON CONFLICT DO UPDATE}): the later item waits for a later batch, so items of one key are written one after
 * another, in the order submitted. An item whose submitter gave up waiting may be {@linkplain Ticket#withdraw()
 * withdrawn} while it is still queued, and is then never written.
 *
 * @param <K> the key that a batch holds only once
 * @param <T> an item to write
 * @param <R> an item's result
 */
public final class GroupCommit<K, T, R> {

    private final int maxBatchSize;
    private final int maxConcurrentBatches;
    private final Function<T, K> key;
    private final Function<List<T>, Uni<Map<K, R>>> write;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Ticket<T, R>> queue = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param key   an item's key; a batch holds each key once
     * @param write writes one batch (items of distinct keys) and answers each item's result by its key; an item whose
     *              key is missing from the answer gets {@code null}
     */
    public GroupCommit(int maxBatchSize, int maxConcurrentBatches, Function<T, K> key,
            Function<List<T>, Uni<Map<K, R>>> write) {
        this.maxBatchSize = Math.max(1, maxBatchSize);
        this.maxConcurrentBatches = Math.max(1, maxConcurrentBatches);
        this.key = key;
        this.write = write;
    }

    /** Queues {@code item} for the next batch (written at once when a slot is free). */
    public Ticket<T, R> submit(T item) {
        Ticket<T, R> ticket = new Ticket<>(item);
        lock.lock();
        try {
            queue.add(ticket);
        } finally {
            lock.unlock();
        }
        drain();
        return ticket;
    }

    /**
     * Starts writes while there are queued items and fewer than the allowed number in flight. A write that ends
     * calls this again, so an item queued while every slot was taken is always picked up: either its own submit
     * finds a free slot, or the ending write (which frees its slot first) finds the item.
     */
    private void drain() {
        while (true) {
            List<Ticket<T, R>> batch;
            lock.lock();
            try {
                if (inFlight >= maxConcurrentBatches) {
                    return;
                }
                batch = take();
                if (batch.isEmpty()) {
                    return;
                }
                inFlight++;
            } finally {
                lock.unlock();
            }
            write(batch);
        }
    }

    /** The oldest queued items of distinct keys, skipping withdrawn ones; the caller holds the lock. */
    private List<Ticket<T, R>> take() {
        List<Ticket<T, R>> batch = new ArrayList<>(Math.min(maxBatchSize, queue.size()));
        Set<K> keys = new HashSet<>();
        Iterator<Ticket<T, R>> queued = queue.iterator();
        while (batch.size() < maxBatchSize && queued.hasNext()) {
            Ticket<T, R> ticket = queued.next();
            if (keys.contains(key.apply(ticket.item))) {
                continue;
            }
            queued.remove();
            if (ticket.take()) {
                keys.add(key.apply(ticket.item));
                batch.add(ticket);
            }
        }
        return batch;
    }

    private void write(List<Ticket<T, R>> batch) {
        Uni<Map<K, R>> written;
        try {
            written = write.apply(batch.stream().map(ticket -> ticket.item).toList());
        } catch (RuntimeException e) {
            written = Uni.createFrom().failure(e);
        }
        written.subscribe().with(results -> {
            batch.forEach(ticket -> ticket.result.complete(results.get(key.apply(ticket.item))));
            finished();
        }, failure -> {
            batch.forEach(ticket -> ticket.result.completeExceptionally(failure));
            finished();
        });
    }

    private void finished() {
        lock.lock();
        try {
            inFlight--;
        } finally {
            lock.unlock();
        }
        drain();
    }

    /** One submitted item: its result, once its batch is written. */
    public static final class Ticket<T, R> {

        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int WITHDRAWN = 2;

        private final T item;
        private final CompletableFuture<R> result = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        private Ticket(T item) {
            this.item = item;
        }

        /** Completes with the item's result when its batch is written, or fails with the batch's failure. */
        public CompletableFuture<R> result() {
            return result;
        }

        /**
         * Takes the item out of the queue if no batch has taken it yet: it is then never written, and its result
         * never completes.
         *
         * @return true if withdrawn; false if a batch took it (it is being or has been written)
         */
        public boolean withdraw() {
            return state.compareAndSet(QUEUED, WITHDRAWN);
        }

        private boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }
    }
}
