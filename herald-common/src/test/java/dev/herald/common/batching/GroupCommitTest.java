package dev.herald.common.batching;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Items are strings {@code key:value}; a batch's write answers each key with the values it saw, joined. */
class GroupCommitTest {

    /** Every write started, with the future that ends it (completed by the test). */
    private final List<Write> writes = new CopyOnWriteArrayList<>();

    @Test
    void writesAnItemAtOnceWhenIdle() throws Exception {
        GroupCommit<String, String, String> commit = groupCommit(10, 1);

        GroupCommit.Ticket<String, String> ticket = commit.submit("a:1");

        assertThat(writes).hasSize(1);
        writes.get(0).succeed();
        assertThat(ticket.result().get()).isEqualTo("a:1");
    }

    @Test
    void gathersItemsSubmittedWhileEverySlotIsBusyIntoTheNextBatchesUpToTheMaximumSize() throws Exception {
        GroupCommit<String, String, String> commit = groupCommit(3, 2);
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
        GroupCommit<String, String, String> commit = groupCommit(10, 1);
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
        GroupCommit<String, String, String> commit = groupCommit(10, 1);
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
        GroupCommit<String, String, String> commit = new GroupCommit<>(10, 1, item -> item, items -> {
            throw new IllegalArgumentException("cannot build the statement");
        });

        GroupCommit.Ticket<String, String> ticket = commit.submit("a:1");

        assertThatThrownBy(() -> ticket.result().get()).hasRootCauseMessage("cannot build the statement");
        assertThatThrownBy(() -> commit.submit("b:1").result().get()).hasRootCauseMessage("cannot build the statement");
    }

    @Test
    void neverWritesAnItemWithdrawnWhileQueuedButOneAlreadyTakenCannotBeWithdrawn() throws Exception {
        GroupCommit<String, String, String> commit = groupCommit(10, 1);
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

    private GroupCommit<String, String, String> groupCommit(int maxBatchSize, int maxConcurrentBatches) {
        Function<String, String> key = item -> item.substring(0, item.indexOf(':'));
        return new GroupCommit<>(maxBatchSize, maxConcurrentBatches, key, items -> {
            Write write = new Write(items, new CompletableFuture<>());
            writes.add(write);
            return Uni.createFrom().completionStage(write.done())
                    .replaceWith(items.stream().collect(Collectors.toMap(key, item -> item)));
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
