package dev.herald.bench.load;

import dev.herald.bench.Console;
import dev.herald.bench.HeraldApi;
import dev.herald.bench.measure.Distribution;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores the benchmark's users through the filter's public API ({@code PUT /v1/users/{id}}, idempotent), with a
 * bounded number of requests in flight. A failed PUT is retried a few times before it counts as a failure.
 */
public final class UserSeeder {

    private static final int ATTEMPTS = 4;

    private final HeraldApi api;
    private final int concurrency;
    private final boolean allChannels;

    public UserSeeder(HeraldApi api, int concurrency, boolean allChannels) {
        this.api = api;
        this.concurrency = concurrency;
        this.allChannels = allChannels;
    }

    public record SeedResult(int users, int concurrency, Duration elapsed, int failures, int retries,
            Distribution latency) {

        public double perSecond() {
            return users / (elapsed.toNanos() / 1e9);
        }
    }

    public SeedResult seed(int users) {
        Semaphore inFlight = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(users);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        double[] latencies = new double[users];
        long start = System.nanoTime();
        long lastReport = start;
        for (int i = 0; i < users; i++) {
            inFlight.acquireUninterruptibly();
            int index = i;
            long sentAt = System.nanoTime();
            put(index, ATTEMPTS, retries).whenComplete((ok, failure) -> {
                latencies[index] = (System.nanoTime() - sentAt) / 1e6;
                if (failure != null || !ok) {
                    failures.incrementAndGet();
                }
                inFlight.release();
                done.countDown();
            });
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                lastReport = System.nanoTime();
                Console.info("seeded %d of %d users", i, users);
            }
        }
        try {
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("seeding did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new SeedResult(users, concurrency, elapsed, failures.get(), retries.get(), Distribution.ofMillis(latencies));
    }

    private CompletableFuture<Boolean> put(int index, int attemptsLeft, AtomicInteger retries) {
        return api.putUser(index, allChannels).handle((response, failure) -> {
            if (failure == null && success(response)) {
                return CompletableFuture.completedFuture(true);
            }
            if (attemptsLeft <= 1) {
                return CompletableFuture.completedFuture(false);
            }
            retries.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> put(index, attemptsLeft - 1, retries));
        }).thenCompose(result -> result);
    }

    private static boolean success(HttpResponse<String> response) {
        return response.statusCode() == 200 || response.statusCode() == 201;
    }

    /** Checks that the first and last user exist, for runs that skip seeding. */
    public void requireSeeded(int users) {
        for (int index : new int[] {0, users - 1}) {
            HttpResponse<String> response = api.getUser(index).join();
            if (response.statusCode() != 200) {
                throw new IllegalStateException("user " + index + " is not seeded (GET answered " + response.statusCode()
                        + "); run without --skip-seed");
            }
        }
    }
}
