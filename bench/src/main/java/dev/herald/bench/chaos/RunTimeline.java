package dev.herald.bench.chaos;

/** Seconds since the chaos run started: every disruption and answer is placed on this one clock. */
final class RunTimeline {

    private final long start = System.nanoTime();

    double now() {
        return (System.nanoTime() - start) / 1e9;
    }
}
