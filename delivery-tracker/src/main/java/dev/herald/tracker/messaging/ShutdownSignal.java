package dev.herald.tracker.messaging;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Whether the application is shutting down. A write that fails then (its pool closing under it) is left
 * unacknowledged, so the broker redelivers it to the next consumer, instead of being dead-lettered.
 */
@ApplicationScoped
public class ShutdownSignal {

    private volatile boolean shuttingDown;

    void onShutdown(@Observes ShutdownEvent event) {
        shuttingDown = true;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }
}
