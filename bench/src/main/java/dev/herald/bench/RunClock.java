package dev.herald.bench;

import java.time.Instant;

/**
 * Converts {@link System#nanoTime()} readings (monotonic, used for pacing and response times) into wall-clock
 * instants, comparable with the services' own timestamps ({@code receivedAt}, {@code updatedAt}, the event id's
 * time): all run on this machine's clock.
 */
public final class RunClock {

    private final Instant wallBase;
    private final long nanoBase;

    public RunClock() {
        this.nanoBase = System.nanoTime();
        this.wallBase = Instant.now();
    }

    public Instant wall(long nanoTime) {
        return wallBase.plusNanos(nanoTime - nanoBase);
    }

    public Instant now() {
        return wall(System.nanoTime());
    }
}
