package dev.herald.channel.email;

import dev.herald.channel.core.testing.ChannelDispatches;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import dev.herald.common.testing.BrokerProbe;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the send ledger costs: sends per second through channel-email (real broker, WireMock SendGrid) with and
 * without it, and the latency of the ledger's two statements per send. Not part of the build (no {@code *Test}
 * name); run with {@code -Dtest='*ThroughputBenchmark'}. Prints its figures; see channel-core's README.
 */
abstract class SendThroughputBenchmark {

    static final int SENDS = Integer.getInteger("herald.bench.sends", 3000);
    static final int ROUNDS = Integer.getInteger("herald.bench.rounds", 3);

    @Inject
    BrokerProbe broker;

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    Pool pool;

    @BeforeEach
    void dispatchConsumerIsReady() {
        broker.awaitReady();
    }

    /** Publishes {@link #SENDS} dispatches at once and returns sends per second until the last is reported sent. */
    double sendsPerSecond() {
        List<DispatchMessage> dispatches = IntStream.range(0, SENDS)
                .mapToObj(i -> ChannelDispatches.to(Channel.EMAIL, "bench-" + UUID.randomUUID() + "@example.com")
                        .data(Map.of("orderId", "B-" + i)).build())
                .toList();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> confirms = new ArrayList<>();
        for (DispatchMessage dispatch : dispatches) {
            confirms.add(publisher.publish(Topology.DISPATCH_EXCHANGE, Channel.EMAIL.wireName(), dispatch,
                    TraceParent.newTrace(), Map.of(MessageHeaders.ATTEMPT, 1)));
        }
        CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).join();
        Set<UUID> waiting = new HashSet<>(dispatches.stream().map(DispatchMessage::notificationId).toList());
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            waiting.removeIf(id -> broker.statusesOf(id).stream().anyMatch(s -> s.state() == NotificationState.SENT));
            return waiting.isEmpty();
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return SENDS / seconds;
    }

    void report(String what) {
        sendsPerSecond(); // warm-up: JIT, connection pools
        long commitsBefore = commits();
        List<Double> rounds = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            rounds.add(sendsPerSecond());
        }
        long commits = commits() - commitsBefore;
        System.out.printf("BENCH %s: %d sends x %d rounds: %s sends/s (median %.0f), %.2f commits per send%n", what,
                SENDS, ROUNDS, rounds.stream().map(r -> String.format("%.0f", r)).toList(),
                rounds.stream().sorted().toList().get(rounds.size() / 2), (double) commits / (SENDS * ROUNDS));
    }

    /**
     * Transactions committed in the test database so far (pg_stat_database). A backend reports its counts when idle,
     * at the latest 10 s after its last transaction (PostgreSQL 15), so this waits that long first; the count
     * includes this query's own few transactions.
     */
    private long commits() {
        try {
            Thread.sleep(11_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pool.query("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("xact_commit");
    }
}
