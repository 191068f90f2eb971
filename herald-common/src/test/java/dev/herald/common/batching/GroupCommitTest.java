package dev.herald.common.batching;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * By key, items are strings {@code key:value} and a write answers each key with its item; by position, a write answers
 * each item with its place in the batch ({@code item#index}). Every write is held until the test ends it.
 */
class GroupCommitTest {

    /** The failures worth writing a batch again item by item, as a caller of {@code itemByItemOn} would say. */
    private static final Predicate<Throwable> BAD_DATA = IllegalArgumentException.class::isInstance;

    /** Every write started, with the future that ends it (completed by the test). */
    private final List<Write> writes = new CopyOnWriteArrayList<>();

    @Test
    void writesAnItemAtOnceWhenIdle() throws Exception {
        GroupCommit<String, String> commit = byKey(10, 1);

        GroupCommit.Ticket<String, String> ticket = commit.submit("a:1");

        assertThat(writes).hasSize(1);
        writes.get(0).succeed();
        assertThat(ticket.result().get()).isEqualTo("a:1");
    }

    @Test
    void gathersItemsSubmittedWhileEverySlotIsBusyIntoTheNextBatchesUpToTheMaximumSize() throws Exception {
        GroupCommit<String, String> commit = byKey(3, 2);
        commit.submit("a:1");
        commit.submit("b:1");
        List<GroupCommit.Ticket<String, String>> queued = List.of(commit.submit("c:1"), commit.submit("d:1"),
                commit.submit("e:1"), commit.submit("f:1"));
        assertThat(writes).hasSize(2);

        writes.get(0).succeed();
        writes.get(1).succeed();

        assertThat(writes).extracting(Write::items)
                .containsExactly(List.of("a:1"), List.of("b:1"), List.of("c:1", "d:1", "e:1"), List.of("f:1"));
        writes.get(2).succeed();
        writes.get(3).succeed();
        for (GroupCommit.Ticket<String, String> ticket : queued) {
            assertThat(ticket.result().get()).isNotNull();
        }
        assertThat(queued.get(2).result().get()).isEqualTo("e:1");
    }

    @Test
    void neverPutsTwoItemsOfOneKeyIntoOneBatchAndWritesThemInTheOrderSubmitted() throws Exception {
        GroupCommit<String, String> commit = byKey(10, 1);
        commit.submit("x:0");
        GroupCommit.Ticket<String, String> first = commit.submit("a:1");
        GroupCommit.Ticket<String, String> second = commit.submit("a:2");
        GroupCommit.Ticket<String, String> other = commit.submit("b:1");
        GroupCommit.Ticket<String, String> third = commit.submit("a:3");

        writes.get(0).succeed();
        writes.get(1).succeed();
        writes.get(2).succeed();

        assertThat(writes).extracting(Write::items).containsExactly(List.of("x:0"), List.of("a:1", "b:1"),
                List.of("a:2"), List.of("a:3"));
        writes.get(3).succeed();
        assertThat(List.of(first.result().get(), second.result().get(), other.result().get(), third.result().get()))
                .containsExactly("a:1", "a:2", "b:1", "a:3");
    }

    @Test
    void aFailedBatchFailsEachOfItsItemsAndTheNextBatchIsStillWritten() throws Exception {
        GroupCommit<String, String> commit = byKey(10, 1);
        commit.submit("x:0");
        GroupCommit.Ticket<String, String> a = commit.submit("a:1");
        GroupCommit.Ticket<String, String> b = commit.submit("b:1");
        writes.get(0).succeed();
        GroupCommit.Ticket<String, String> c = commit.submit("c:1");

        writes.get(1).fail(new IllegalStateException("connection closed"));

        for (GroupCommit.Ticket<String, String> failed : List.of(a, b)) {
            assertThatThrownBy(() -> failed.result().get()).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("connection closed");
        }
        assertThat(writes).hasSize(3);
        writes.get(2).succeed();
        assertThat(c.result().get()).isEqualTo("c:1");
    }

    @Test
    void aWriteThatThrowsFailsItsBatchAndFreesTheSlot() throws Exception {
        GroupCommit<String, String> commit = GroupCommit.byKey(10, 1, item -> item, items -> {
            throw new IllegalArgumentException("cannot build the statement");
        });

        GroupCommit.Ticket<String, String> ticket = commit.submit("a:1");

        assertThatThrownBy(() -> ticket.result().get()).hasRootCauseMessage("cannot build the statement");
        assertThatThrownBy(() -> commit.submit("b:1").result().get()).hasRootCauseMessage("cannot build the statement");
    }

    @Test
    void neverWritesAnItemWithdrawnWhileQueuedButOneAlreadyTakenCannotBeWithdrawn() throws Exception {
        GroupCommit<String, String> commit = byKey(10, 1);
        GroupCommit.Ticket<String, String> taken = commit.submit("x:0");
        GroupCommit.Ticket<String, String> withdrawn = commit.submit("a:1");
        GroupCommit.Ticket<String, String> kept = commit.submit("b:1");

        assertThat(withdrawn.withdraw()).isTrue();
        assertThat(taken.withdraw()).isFalse();
        writes.get(0).succeed();

        assertThat(writes).extracting(Write::items).containsExactly(List.of("x:0"), List.of("b:1"));
        writes.get(1).succeed();
        assertThat(kept.result().get()).isEqualTo("b:1");
        assertThat(withdrawn.result()).isNotDone();
    }

    @Test
    void byPositionPutsAnyItemsTogetherAndAnswersEachItemByItsPlaceInTheBatch() throws Exception {
        GroupCommit<String, String> commit = byPosition(3, 1);
        GroupCommit.Ticket<String, String> first = commit.submit("a");
        List<GroupCommit.Ticket<String, String>> queued = List.of(commit.submit("b"), commit.submit("b"),
                commit.submit("c"), commit.submit("d"));
        assertThat(writes).extracting(Write::items).containsExactly(List.of("a"));

        writes.get(0).succeed();

        assertThat(first.result().get()).isEqualTo("a#0");
        assertThat(writes).extracting(Write::items).containsExactly(List.of("a"), List.of("b", "b", "c"));
        assertThat(queued.get(0).result()).isNotDone();
        writes.get(1).succeed();
        assertThat(List.of(queued.get(0).result().get(), queued.get(1).result().get(), queued.get(2).result().get()))
                .containsExactly("b#0", "b#1", "c#2");
        assertThat(writes).extracting(Write::items).last().isEqualTo(List.of("d"));
    }

    @Test
    void aWriteAnsweringTheWrongNumberOfResultsFailsItsBatch() {
        GroupCommit<String, String> commit = GroupCommit.byPosition(10, 1, items -> Uni.createFrom().item(List.of()));

        assertThatThrownBy(() -> commit.submit("a").result().get()).hasRootCauseMessage(
                "a write of 1 items answered 0 results");
    }

    @Test
    void itemByItemWritesABatchRefusedForBadDataAgainOneItemAfterAnotherSoOnlyTheBadItemFails() throws Exception {
        GroupCommit<String, String> commit = byPosition(10, 1).itemByItemOn("letters", BAD_DATA);
        commit.submit("x");
        List<GroupCommit.Ticket<String, String>> batch = List.of(commit.submit("a"), commit.submit("bad"),
                commit.submit("c"));
        writes.get(0).succeed();

        writes.get(1).fail(new IllegalArgumentException("bad data"));
        assertThat(writes).extracting(Write::items).containsExactly(List.of("x"), List.of("a", "bad", "c"),
                List.of("a"));
        writes.get(2).succeed();
        assertThat(batch.get(0).result().get()).isEqualTo("a#0");
        assertThat(writes).extracting(Write::items).last().isEqualTo(List.of("bad"));
        GroupCommit.Ticket<String, String> next = commit.submit("d");
        writes.get(3).fail(new IllegalArgumentException("bad data"));
        writes.get(4).succeed();

        assertThatThrownBy(() -> batch.get(1).result().get()).hasRootCauseInstanceOf(IllegalArgumentException.class);
        assertThat(batch.get(2).result().get()).isEqualTo("c#0");
        assertThat(writes).extracting(Write::items).containsExactly(List.of("x"), List.of("a", "bad", "c"),
                List.of("a"), List.of("bad"), List.of("c"), List.of("d"));
        writes.get(5).succeed();
        assertThat(next.result().get()).as("the slot is freed once the last item alone is written").isEqualTo("d#0");
    }

    @Test
    void itemByItemStillFailsAWholeBatchForAFailureItDoesNotAccept() {
        GroupCommit<String, String> commit = byPosition(10, 1).itemByItemOn("letters", BAD_DATA);
        commit.submit("x");
        List<GroupCommit.Ticket<String, String>> batch = List.of(commit.submit("a"), commit.submit("b"));
        writes.get(0).succeed();

        writes.get(1).fail(new ConnectException("connection refused"));

        for (GroupCommit.Ticket<String, String> failed : batch) {
            assertThatThrownBy(() -> failed.result().get()).hasRootCauseInstanceOf(ConnectException.class);
        }
        assertThat(writes).extracting(Write::items).containsExactly(List.of("x"), List.of("a", "b"));
    }

    @Test
    void itemByItemDoesNotWriteAFailedBatchOfOneAgain() {
        GroupCommit<String, String> commit = byKey(10, 1).itemByItemOn("letters", BAD_DATA);
        GroupCommit.Ticket<String, String> alone = commit.submit("a:1");

        writes.get(0).fail(new IllegalArgumentException("bad data"));

        assertThatThrownBy(() -> alone.result().get()).hasRootCauseMessage("bad data");
        assertThat(writes).hasSize(1);
    }

    @Test
    void itemByItemKeepsTheKeysOfABatchWrittenAgain() throws Exception {
        GroupCommit<String, String> commit = byKey(10, 1).itemByItemOn("letters", BAD_DATA);
        commit.submit("x:0");
        GroupCommit.Ticket<String, String> first = commit.submit("a:1");
        GroupCommit.Ticket<String, String> second = commit.submit("a:2");
        GroupCommit.Ticket<String, String> other = commit.submit("b:1");
        writes.get(0).succeed();

        writes.get(1).fail(new IllegalArgumentException("bad data"));
        writes.get(2).succeed();
        writes.get(3).succeed();
        writes.get(4).succeed();

        assertThat(writes).extracting(Write::items).containsExactly(List.of("x:0"), List.of("a:1", "b:1"),
                List.of("a:1"), List.of("b:1"), List.of("a:2"));
        assertThat(List.of(first.result().get(), other.result().get(), second.result().get()))
                .containsExactly("a:1", "b:1", "a:2");
    }

    private GroupCommit<String, String> byKey(int maxBatchSize, int maxConcurrentBatches) {
        Function<String, String> key = item -> item.substring(0, item.indexOf(':'));
        return GroupCommit.byKey(maxBatchSize, maxConcurrentBatches, key, items -> {
            Write write = new Write(items, new CompletableFuture<>());
            writes.add(write);
            return Uni.createFrom().completionStage(write.done())
                    .replaceWith(items.stream().collect(Collectors.toMap(key, item -> item)));
        });
    }

    private GroupCommit<String, String> byPosition(int maxBatchSize, int maxConcurrentBatches) {
        return GroupCommit.byPosition(maxBatchSize, maxConcurrentBatches, items -> {
            Write write = new Write(items, new CompletableFuture<>());
            writes.add(write);
            return Uni.createFrom().completionStage(write.done()).replaceWith(
                    IntStream.range(0, items.size()).mapToObj(index -> items.get(index) + "#" + index).toList());
        });
    }

    private record Write(List<String> items, CompletableFuture<Void> done) {

        void succeed() {
            done.complete(null);
        }

        void fail(Throwable failure) {
            done.completeExceptionally(failure);
        }
    }
}
