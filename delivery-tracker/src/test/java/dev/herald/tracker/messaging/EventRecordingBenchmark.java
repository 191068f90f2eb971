package dev.herald.tracker.messaging;

import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static dev.herald.tracker.TrackerFixtures.event;
import static dev.herald.tracker.TrackerFixtures.uniqueUser;
import static org.awaitility.Awaitility.await;

/**
 * What recording an event costs: a burst of {@link #EVENTS} events published straight to
 * {@code herald.events.tracker}, timed until the last is in {@code tracker.event}, and the commits the test
 * database counted meanwhile ({@code pg_stat_database.xact_commit}, less this benchmark's own queries) per event.
 * Background work of the tracker (the webhook applier's polls) adds a few commits; the statistics reach
 * {@code pg_stat_database} up to {@link #STATS_FLUSH} late, hence the pauses. Not part of the build (no {@code *Test}
 * name); run with {@code -Dtest=EventRecordingBenchmark}. Prints its figures; see the README's Configuration.
 */
@QuarkusTest
class EventRecordingBenchmark {

    static final int EVENTS = Integer.getInteger("herald.bench.events", 5000);
    static final int ROUNDS = Integer.getInteger("herald.bench.rounds", 3);
    static final Duration STATS_FLUSH = Duration.ofSeconds(12);

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    Pool pool;

    private int ownQueries;

    @Test
    void measuresEventsPerSecondAndCommitsPerEvent() throws Exception {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
        burst(500); // warm-up: JIT, connection pools
        List<String> rounds = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            Thread.sleep(STATS_FLUSH.toMillis());
            long commitsBefore = commits();
            ownQueries = 1; // the read above commits after it read the count
            double seconds = burst(EVENTS);
            Thread.sleep(STATS_FLUSH.toMillis());
            long commits = commits() - commitsBefore - ownQueries;
            rounds.add(String.format("%.0f events/s, %.3f commits/event", EVENTS / seconds, (double) commits / EVENTS));
        }
        System.out.printf("BENCH events recorded, bursts of %d: %s%n", EVENTS, rounds);
    }

    /** Publishes {@code count} events at once; returns the seconds until the last one was recorded. */
    private double burst(int count) {
        List<EventMessage> events = IntStream.range(0, count)
                .mapToObj(i -> event(UUID.randomUUID(), List.of(uniqueUser("bench"))))
                .toList();
        UUID[] ids = events.stream().map(EventMessage::eventId).toArray(UUID[]::new);
        long start = System.nanoTime();
        List<CompletableFuture<Void>> confirms = new ArrayList<>();
        for (EventMessage event : events) {
            confirms.add(publisher.publish("", Topology.EVENTS_TRACKER_QUEUE, event, TraceParent.newTrace()));
        }
        CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).join();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> recorded(ids) == count);
        return (System.nanoTime() - start) / 1e9;
    }

    private long recorded(UUID[] ids) {
        ownQueries++;
        return pool.preparedQuery("SELECT count(*) FROM tracker.event WHERE event_id = ANY($1)")
                .execute(Tuple.of(ids)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private long commits() {
        return pool.query("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
                .execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
