package dev.herald.bench.load;

import dev.herald.bench.HeraldApi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The maximum: {@code concurrency} requests always in flight; each answer sends the next request, until the
 * duration is over. What the platform accepts this way is the most its front door takes; whether the rest keeps up
 * shows in how long the notifications take to arrive. A {@code 429} is obeyed like a well-behaved client does: that
 * request slot waits for the answer's {@code Retry-After} (at most {@link #MAX_BACKOFF}) before its next request,
 * instead of hammering the rate limiter.
 */
public final class ClosedLoopDriver {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

    private final HeraldApi api;
    private final EventBodies bodies;

    public ClosedLoopDriver(HeraldApi api, EventBodies bodies) {
        this.api = api;
        this.bodies = bodies;
    }

    public LoadRun run(String name, int concurrency, Duration duration) {
        ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        CountDownLatch loops = new CountDownLatch(concurrency);
        AtomicLong sequence = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int i = 0; i < concurrency; i++) {
            next(sent, loops, sequence, end);
        }
        OpenLoopDriver.awaitAnswers(loops, duration.plus(REQUEST_TIMEOUT).plusSeconds(30));
        List<Sent> all = new ArrayList<>(sent);
        long last = all.stream().mapToLong(Sent::completedNanos).max().orElse(start);
        return new LoadRun(name, 0, concurrency, start, last, all);
    }

    private void next(ConcurrentLinkedQueue<Sent> sent, CountDownLatch loops, AtomicLong sequence, long end) {
        long due = System.nanoTime();
        if (due >= end) {
            loops.countDown();
            return;
        }
        int firstUser = bodies.cursor().take(bodies.fanout());
        api.postEvent(bodies.body(firstUser, sequence.getAndIncrement()), REQUEST_TIMEOUT).whenComplete((response, failure) -> {
            sent.add(Sent.of(due, System.nanoTime(), response, failure, firstUser));
            long pauseMillis = failure == null && response.statusCode() == 429
                    ? backoffMillis(response.headers().firstValue("Retry-After")) : 0;
            if (pauseMillis == 0) {
                next(sent, loops, sequence, end);
            } else {
                CompletableFuture.delayedExecutor(pauseMillis, TimeUnit.MILLISECONDS)
                        .execute(() -> next(sent, loops, sequence, end));
            }
        });
    }

    /** {@code Retry-After} in seconds, as ingress sends it, capped at {@link #MAX_BACKOFF}. */
    static long backoffMillis(java.util.Optional<String> retryAfter) {
        long seconds = retryAfter.map(value -> {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return 1L;
            }
        }).orElse(1L);
        return Math.clamp(seconds * 1000, 1, MAX_BACKOFF.toMillis());
    }
}
