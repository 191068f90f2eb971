package dev.herald.tracker.messaging;

import dev.herald.tracker.repository.TransientFailures;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * How the consumers ride out a database outage: a write that failed because the database is unreachable (or
 * restarting, or out of connections) is tried again after a pause that doubles up to {@link #LONGEST_PAUSE}, for as
 * long as the outage lasts, while its message stays unacknowledged. A failure a retry cannot cure, or any failure
 * once the application is shutting down, ends the wait: the caller dead-letters the message or leaves it for
 * redelivery.
 */
final class DatabaseOutage {

    static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    private DatabaseOutage() {
    }

    static <T> Uni<T> heldThrough(Supplier<Uni<? extends T>> write, ShutdownSignal shutdown, String what) {
        return Uni.createFrom().<T>deferred(write)
                .onFailure(failure -> TransientFailures.isTransient(failure) && !shutdown.isShuttingDown())
                .invoke(failure -> Log.debugf("%s waits for the database: %s", what, failure.getMessage()))
                .onFailure(failure -> TransientFailures.isTransient(failure) && !shutdown.isShuttingDown())
                .retry().withBackOff(FIRST_PAUSE, LONGEST_PAUSE).indefinitely();
    }
}
