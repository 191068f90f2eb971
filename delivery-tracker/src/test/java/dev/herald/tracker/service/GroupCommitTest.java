package dev.herald.tracker.service;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link GroupCommit} against a writer whose commits the test completes by hand: which items go into which batch,
 * how many batches run at once, and when each item's result is given.
 */
class GroupCommitTest {

    /** A writer that keeps every batch it was handed, committing each only when the test says so. */
    private static final class HeldWriter implements GroupCommit.BatchWriter<String, String> {

        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<List<String>>> commits = new CopyOnWriteArrayList<>();

        @Override
        public Uni<List<String>> write(List<String> batch) {
            batches.add(batch);
            CompletableFuture<List<String>> commit = new CompletableFuture<>();
            commits.add(commit);
            return Uni.createFrom().completionStage(commit);
        }

        void commit(int batch) {
            commits.get(batch).complete(batches.get(batch).stream().map(String::toUpperCase).toList());
        }
    }

    @Test
    void itemsArrivingWhileABatchIsInFlightGoTogetherIntoTheNextAndCompleteOnlyOnItsCommit() throws Exception {
        HeldWriter writer = new HeldWriter();
        GroupCommit<String, String> commit = new GroupCommit<>("letters", writer, 3, 1);

        CompletableFuture<String> a = submit(commit, "a");
        assertEquals(List.of(List.of("a")), writer.batches, "an idle writer writes at once");
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (String item : List.of("b", "c", "d", "e")) {
            queued.add(submit(commit, item));
        }
        assertEquals(1, writer.batches.size(), "one batch in flight at most");
        assertFalse(a.isDone(), "nothing is answered before its commit");

        writer.commit(0);
        assertEquals("A", a.get(1, TimeUnit.SECONDS));
        assertEquals(List.of("b", "c", "d"), writer.batches.get(1), "the queued items, up to the batch size");
        queued.forEach(item -> assertFalse(item.isDone()));

        writer.commit(1);
        assertEquals(List.of("e"), writer.batches.get(2));
        assertEquals(List.of("B", "C", "D"), queued.subList(0, 3).stream().map(item -> item.getNow(null)).toList());
        assertFalse(queued.get(3).isDone());

        writer.commit(2);
        assertEquals("E", queued.get(3).get(1, TimeUnit.SECONDS));
        assertEquals(3, writer.batches.size());
    }

    @Test
    void batchesRunConcurrentlyUpToTheLimit() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<String, String> commit = new GroupCommit<>("letters", writer, 2, 2);
        for (String item : List.of("a", "b", "c", "d", "e")) {
            submit(commit, item);
        }
        assertEquals(List.of(List.of("a"), List.of("b")), writer.batches);

        writer.commit(1);
        assertEquals(List.of("c", "d"), writer.batches.get(2), "a freed slot takes the next batch");
        assertEquals(3, writer.batches.size());
    }

    @Test
    void aBatchFailingOnBadDataIsWrittenItemByItemSoTheBadItemFailsAlone() throws Exception {
        CompletableFuture<List<String>> firstCommit = new CompletableFuture<>();
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        GroupCommit<String, String> commit = new GroupCommit<>("letters", batch -> {
            batches.add(batch);
            if (batches.size() == 1) {
                return Uni.createFrom().completionStage(firstCommit);
            }
            return batch.contains("bad")
                    ? Uni.createFrom().failure(new IllegalArgumentException("bad data"))
                    : Uni.createFrom().item(batch.stream().map(String::toUpperCase).toList());
        }, 10, 1);
        submit(commit, "first");
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (String item : List.of("a", "bad", "c")) {
            results.add(submit(commit, item));
        }
        firstCommit.complete(List.of("FIRST"));

        assertEquals("A", results.get(0).get(1, TimeUnit.SECONDS));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> results.get(1).get(1, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
        assertEquals("C", results.get(2).get(1, TimeUnit.SECONDS));
        assertEquals(List.of(List.of("first"), List.of("a", "bad", "c"), List.of("a"), List.of("bad"), List.of("c")),
                batches);
    }

    @Test
    void aBatchFailingForATransientReasonFailsAsAWholeForTheCallerToHold() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<String, String> commit = new GroupCommit<>("letters", writer, 10, 1);
        submit(commit, "first");
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (String item : List.of("a", "b")) {
            results.add(submit(commit, item));
        }
        writer.commit(0);
        writer.commits.get(1).completeExceptionally(new ConnectException("connection refused"));

        for (CompletableFuture<String> result : results) {
            ExecutionException failure = assertThrows(ExecutionException.class, () -> result.get(1, TimeUnit.SECONDS));
            assertInstanceOf(ConnectException.class, failure.getCause());
        }
        assertEquals(List.of(List.of("first"), List.of("a", "b")), writer.batches, "not split");
    }

    private static CompletableFuture<String> submit(GroupCommit<String, String> commit, String item) {
        return commit.submit(item).subscribeAsCompletionStage();
    }
}
