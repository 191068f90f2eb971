package dev.herald.bench.load;

import dev.herald.bench.HeraldApi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers events at a fixed rate, whatever the answers do: request {@code i} is due at {@code start + i / rate}, and
 * its latency is measured from that due time, not from when it actually went out. A platform that stalls therefore
 * shows the stall in every request that was due meanwhile (no coordinated omission). At most {@link #MAX_IN_FLIGHT}
 * requests are in flight (one connection each, as an HTTP/1.1 client has); a request due while that many are pending
 * goes out as soon as one answers, and the wait counts in its latency. A late request is never skipped.
 */
public final class OpenLoopDriver {

    static final int MAX_IN_FLIGHT = 512;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HeraldApi api;
    private final EventBodies bodies;

    public OpenLoopDriver(HeraldApi api, EventBodies bodies) {
        this.api = api;
        this.bodies = bodies;
    }

    /**
     * @param eventsPerSecond events offered per second
     * @param duration        how long to offer them
     */
    public LoadRun run(String name, double notificationsPerSecond, double eventsPerSecond, Duration duration) {
        int count = (int) Math.max(1, Math.round(eventsPerSecond * duration.toNanos() / 1e9));
        Sent[] sent = new Sent[count];
        CountDownLatch done = new CountDownLatch(count);
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (int i = 0; i < count; i++) {
            long due = start + dueOffsetNanos(i, eventsPerSecond);
            waitUntil(due);
            inFlight.acquireUninterruptibly();
            int index = i;
            int firstUser = bodies.cursor().take(bodies.fanout());
            api.postEvent(bodies.body(firstUser, i), REQUEST_TIMEOUT).whenComplete((response, failure) -> {
                sent[index] = Sent.of(due, System.nanoTime(), response, failure, firstUser);
                inFlight.release();
                done.countDown();
            });
        }
        awaitAnswers(done, REQUEST_TIMEOUT.plusSeconds(30));
        List<Sent> all = new ArrayList<>(Arrays.asList(sent));
        long end = all.stream().mapToLong(Sent::completedNanos).max().orElse(start);
        return new LoadRun(name, notificationsPerSecond, 0, start, end, all);
    }

    /** The due time of request {@code i}, relative to the start: exact, so rounding never drifts. */
    static long dueOffsetNanos(int i, double eventsPerSecond) {
        return Math.round(i * 1e9 / eventsPerSecond);
    }

    /** Parks until shortly before {@code due}, then spins: parking alone overshoots by tens of microseconds. */
    static void waitUntil(long due) {
        long remaining;
        while ((remaining = due - System.nanoTime()) > 0) {
            if (remaining > 200_000) {
                LockSupport.parkNanos(remaining - 100_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    static void awaitAnswers(CountDownLatch done, Duration timeout) {
        try {
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(done.getCount() + " requests never completed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String failureKind(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause instanceof java.util.concurrent.CompletionException) {
            cause = cause.getCause();
        }
        return cause instanceof java.net.http.HttpTimeoutException ? "timeout" : cause.getClass().getSimpleName();
    }
}
