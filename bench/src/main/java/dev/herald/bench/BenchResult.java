package dev.herald.bench;

import dev.herald.bench.broker.MessageSizeProbe;
import dev.herald.bench.broker.PerfTestCeiling;
import dev.herald.bench.broker.TransitCount;
import dev.herald.bench.load.UserSeeder;
import dev.herald.bench.measure.BroadcastResult;
import dev.herald.bench.measure.MemoryReport;
import dev.herald.bench.measure.PhaseResult;
import dev.herald.bench.measure.Timeline;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything one run measured. Optional parts are null when skipped: {@code seeding} (--skip-seed),
 * {@code broadcast} (--broadcast 0), {@code perfTest} (--perftest-seconds 0).
 */
public record BenchResult(BenchOptions options, Instant startedAt, Duration elapsed, RunEnvironment environment,
        double[] loadAtEnd, double meanLoadDuringRun, UserSeeder.SeedResult seeding,
        MessageSizeProbe.MessageSizes sizes, TransitCount transits, List<PhaseResult> phases, Timeline timeline,
        BroadcastResult broadcast, PerfTestCeiling.Result perfTest, MemoryReport memory, Path report) {

    /**
     * Every notification of every phase and of the broadcast reached its provider exactly once and {@code sent}, and
     * no service died on the way.
     */
    public boolean accountedFor() {
        return memory.exited().isEmpty() && phases.stream().allMatch(PhaseResult::accountedFor) && (broadcast == null || broadcast.accountedFor());
    }

    public int lost() {
        int lost = phases.stream().mapToInt(PhaseResult::lost).sum();
        if (broadcast != null) {
            lost += (int) (broadcast.recipients() - broadcast.finalKnown());
        }
        return lost;
    }

    /** The best end-to-end rate of any phase: notifications per second from the first due request to the last sent. */
    public PhaseResult fastestPhase() {
        return phases.stream().max(java.util.Comparator.comparingDouble(PhaseResult::sentPerSecond)).orElse(null);
    }

    /** Herald's end-to-end rate over the rate the broker ceiling allows for its transits; NaN when not measured. */
    public double perfTestRatio() {
        PhaseResult fastest = fastestPhase();
        if (perfTest == null || perfTest.best() == null || fastest == null) {
            return Double.NaN;
        }
        return fastest.sentPerSecond() / transits.ceiling(perfTest.best().receiveRate());
    }
}
