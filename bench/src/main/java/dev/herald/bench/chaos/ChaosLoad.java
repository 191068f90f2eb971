package dev.herald.bench.chaos;

import dev.herald.bench.Console;
import dev.herald.bench.HeraldApi;
import dev.herald.bench.Users;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Offers the run's events to ingress at a fixed rate, one event per user to every channel, and keeps retrying each
 * until ingress accepts it: answers 503 and 429, timeouts and refused connections are expected while the broker or
 * the database is down, and 409 while a try whose answer was lost is still being accepted. Every event carries an {@code Idempotency-Key}, so a retry of an event whose answer was lost
 * publishes nothing new and gets the same {@code eventId}.
 */
final class ChaosLoad {

    /** Give up on one event after this long; a platform that does not accept it again within it has failed. */
    private static final Duration GIVE_UP = Duration.ofMinutes(10);
    private static final int MAX_IN_FLIGHT = 512;

    private final HeraldApi api;
    private final ChaosOptions options;
    private final RunTimeline timeline;
    private final String runId;
    private final AtomicReferenceArray<String> eventIds;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger unavailableAsProblem = new AtomicInteger();
    private final AtomicInteger failedConnections = new AtomicInteger();
    private final ConcurrentLinkedQueue<Double> unavailableAt = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Double> acceptedAt = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> rejections = new ConcurrentLinkedQueue<>();
    private final CountDownLatch done;

    ChaosLoad(HeraldApi api, ChaosOptions options, RunTimeline timeline, String runId) {
        this.api = api;
        this.options = options;
        this.timeline = timeline;
        this.runId = runId;
        this.eventIds = new AtomicReferenceArray<>(options.events());
        this.done = new CountDownLatch(options.events());
    }

    /** Sends every event, paced at the configured rate, and returns at once; {@link #await()} waits for the answers. */
    Thread start() {
        Thread thread = Thread.ofPlatform().daemon().name("chaos-load").start(this::run);
        return thread;
    }

    private void run() {
        int events = options.events();
        double eventsPerSecond = options.rate() / ChaosOptions.CHANNELS.size();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long start = System.nanoTime();
        long lastReport = start;
        for (int i = 0; i < events; i++) {
            long due = start + (long) (i / eventsPerSecond * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            inFlight.acquireUninterruptibly();
            int index = i;
            send(index, System.nanoTime() + GIVE_UP.toNanos()).whenComplete((ignored, failure) -> {
                inFlight.release();
                done.countDown();
            });
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(15)) {
                lastReport = System.nanoTime();
                Console.info("load: %d of %d events offered, %d accepted, %d answers 503 so far", i + 1, events,
                        accepted.get(), unavailable.get());
            }
        }
    }

    private CompletableFuture<Void> send(int index, long giveUpAt) {
        return api.postEvent(body(index), runId + "-" + index, Duration.ofSeconds(15)).handle((response, failure) -> {
            if (failure == null && response.statusCode() == 202) {
                eventIds.set(index, HeraldApi.eventId(response.body()));
                accepted.incrementAndGet();
                acceptedAt.add(timeline.now());
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (failure == null && !retryable(response)) {
                rejected.incrementAndGet();
                rejections.add(response.statusCode() + " " + abbreviate(response.body()));
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (failure != null) {
                failedConnections.incrementAndGet();
            } else if (response.statusCode() == 503) {
                unavailable.incrementAndGet();
                unavailableAt.add(timeline.now());
                if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                    unavailableAsProblem.incrementAndGet();
                }
            }
            if (System.nanoTime() > giveUpAt) {
                rejected.incrementAndGet();
                rejections.add("gave up after " + GIVE_UP + ": " + (failure != null ? failure : response.statusCode()));
                return CompletableFuture.<Void>completedFuture(null);
            }
            retries.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> send(index, giveUpAt));
        }).thenCompose(next -> next);
    }

    /** 409: an earlier try with the same Idempotency-Key is still being accepted (its answer was lost); ask again. */
    private static boolean retryable(HttpResponse<String> response) {
        int status = response.statusCode();
        return status == 503 || status == 429 || status == 409 || status == 502 || status == 504;
    }

    /** An {@code order.shipped} for user {@code index} on every channel; the order id makes each run's bodies its own. */
    private String body(int index) {
        String order = runId + "-" + index;
        return "{\"type\":\"order.shipped\",\"category\":\"orders\",\"recipients\":[\"" + Users.id(index) + "\"],"
                + "\"channels\":[\"email\",\"sms\",\"push\",\"slack\"],\"data\":{\"orderId\":\"" + order
                + "\",\"carrier\":\"Parcel & Co\",\"trackingUrl\":\"https://track.example.com/" + order + "\"}}";
    }

    void await() {
        try {
            if (!done.await(GIVE_UP.toMinutes() + 30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the load did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The accepted event of user {@code index}, or null when ingress never accepted it. */
    String eventId(int index) {
        return eventIds.get(index);
    }

    int accepted() {
        return accepted.get();
    }

    int rejected() {
        return rejected.get();
    }

    int retries() {
        return retries.get();
    }

    int unavailable() {
        return unavailable.get();
    }

    int unavailableAsProblem() {
        return unavailableAsProblem.get();
    }

    int failedConnections() {
        return failedConnections.get();
    }

    List<String> rejections() {
        return List.copyOf(rejections);
    }

    /** Answers 503 between two points of the run (seconds since its start). */
    long unavailableBetween(double from, double to) {
        return unavailableAt.stream().filter(at -> at >= from && at <= to).count();
    }

    /** The first acceptance at or after {@code from} (seconds since the start), or NaN when there was none. */
    double firstAcceptedAfter(double from) {
        return acceptedAt.stream().filter(at -> at >= from).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
