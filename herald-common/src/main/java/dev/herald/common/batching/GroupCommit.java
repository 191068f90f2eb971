package dev.herald.common.batching;

import io.quarkus.logging.Log;
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
import java.util.function.Predicate;

/**
 * Group commit: while up to {@code maxConcurrentBatches} writes are in flight, submitted items queue up and go
 * together into the next write, at most {@code maxBatchSize} at a time. An idle writer writes an item at once (no
 * timer); a busy one writes many per statement or transaction. Each item's ticket completes with its own result once
 * its batch is written, or fails with the batch's failure: a batch is one statement or transaction, so it succeeds or
 * fails as a whole.
 *
 * <p>{@linkplain #byKey By key}, a batch never holds two items with the same key (a row one statement may touch only
 * once, e.g. {@code INSERT ... ON CONFLICT DO UPDATE}): the later item waits for a later batch. Two batches in flight
 * may still hold one key each, so which of them the database applies first is not the order of submission: the
 * statement itself must decide between copies (a unique key, a condition on the row), as the send ledger's do. {@linkplain #byPosition By position}, any items share a batch.
 * An item whose submitter gave up waiting may be {@linkplain Ticket#withdraw() withdrawn} while it is still queued,
 * and is then never written.
 *
 * <p>Optionally ({@link #itemByItemOn}), a batch refused for a reason that is the data's rather than the database's
 * (one bad item) is written again item by item, so only the bad item fails.
 *
 * @param <T> an item to write
 * @param <R> an item's result
 */
public final class GroupCommit<T, R> {

    private final int maxBatchSize;
    private final int maxConcurrentBatches;
    private final Function<T, ?> key;
    private final Function<List<T>, Uni<List<R>>> write;
    private final String items;
    private final Predicate<Throwable> itemByItem;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Ticket<T, R>> queue = new ArrayDeque<>();
    private int inFlight;

    private GroupCommit(int maxBatchSize, int maxConcurrentBatches, Function<T, ?> key,
            Function<List<T>, Uni<List<R>>> write, String items, Predicate<Throwable> itemByItem) {
        this.maxBatchSize = Math.max(1, maxBatchSize);
        this.maxConcurrentBatches = Math.max(1, maxConcurrentBatches);
        this.key = key;
        this.write = write;
        this.items = items;
        this.itemByItem = itemByItem;
    }

    /**
     * Batches holding each key once, e.g. rows one statement may touch only once.
     *
     * @param key   an item's key; a batch holds each key once
     * @param write writes one batch (items of distinct keys) and answers each item's result by its key; an item whose
     *              key is missing from the answer gets {@code null}
     */
    public static <K, T, R> GroupCommit<T, R> byKey(int maxBatchSize, int maxConcurrentBatches, Function<T, K> key,
            Function<List<T>, Uni<Map<K, R>>> write) {
        return new GroupCommit<>(maxBatchSize, maxConcurrentBatches, key, batch -> write.apply(batch)
                .map(results -> batch.stream().map(item -> results.get(key.apply(item))).toList()), "items",
                failure -> false);
    }

    /**
     * Batches of any items, in the order submitted.
     *
     * @param write writes one batch and answers one result per item, in the batch's order
     */
    public static <T, R> GroupCommit<T, R> byPosition(int maxBatchSize, int maxConcurrentBatches,
            Function<List<T>, Uni<List<R>>> write) {
        return new GroupCommit<>(maxBatchSize, maxConcurrentBatches, null, write, "items", failure -> false);
    }

    /**
     * A group commit like this one (a new one, with its own queue: call before submitting) that writes a batch of
     * several items again item by item, one after another, when it fails with a failure {@code worthSplitting}
     * accepts: a reason a retry of the whole batch would only repeat (bad data), so one bad item fails alone and the
     * others are written. A batch failing otherwise (e.g. the database is away) fails as a whole, for the submitters
     * to hold and submit again.
     *
     * @param items names the items in the log message, e.g. {@code "statuses"}
     */
    public GroupCommit<T, R> itemByItemOn(String items, Predicate<Throwable> worthSplitting) {
        return new GroupCommit<>(maxBatchSize, maxConcurrentBatches, key, write, items, worthSplitting);
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

    /** The oldest queued items (of distinct keys, when by key), skipping withdrawn ones; the caller holds the lock. */
    private List<Ticket<T, R>> take() {
        List<Ticket<T, R>> batch = new ArrayList<>(Math.min(maxBatchSize, queue.size()));
        Set<Object> keys = new HashSet<>();
        Iterator<Ticket<T, R>> queued = queue.iterator();
        while (batch.size() < maxBatchSize && queued.hasNext()) {
            Ticket<T, R> ticket = queued.next();
            if (key != null && keys.contains(key.apply(ticket.item))) {
                continue;
            }
            queued.remove();
            if (ticket.take()) {
                if (key != null) {
                    keys.add(key.apply(ticket.item));
                }
                batch.add(ticket);
            }
        }
        return batch;
    }

    private void write(List<Ticket<T, R>> batch) {
        written(batch)
                .onFailure(failure -> batch.size() > 1 && itemByItem.test(failure))
                .recoverWithUni(failure -> oneByOne(batch, failure))
                .subscribe().with(ignored -> finished(), failure -> {
                    batch.forEach(ticket -> ticket.result.completeExceptionally(failure));
                    finished();
                });
    }

    /** Writes {@code batch} and completes each ticket with its result; fails, completing none, if the write fails. */
    private Uni<Void> written(List<Ticket<T, R>> batch) {
        return Uni.createFrom().deferred(() -> write.apply(batch.stream().map(ticket -> ticket.item).toList()))
                .invoke(results -> {
                    if (results.size() != batch.size()) {
                        throw new IllegalStateException("a write of " + batch.size() + " " + items + " answered "
                                + results.size() + " results");
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).result.complete(results.get(i));
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> oneByOne(List<Ticket<T, R>> batch, Throwable failure) {
        Log.warnf("a batch of %d %s failed (%s); writing them one by one", batch.size(), items, failure.getMessage());
        Uni<Void> oneByOne = Uni.createFrom().voidItem();
        for (Ticket<T, R> ticket : batch) {
            oneByOne = oneByOne.chain(() -> written(List.of(ticket)).onFailure().recoverWithItem(alone -> {
                ticket.result.completeExceptionally(alone);
                return null;
            }));
        }
        return oneByOne;
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

        /**
         * Completes with the item's result when its batch is written, or fails with the batch's failure (with the
         * item's own, when its batch was written again item by item).
         */
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
