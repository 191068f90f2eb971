package dev.herald.bench.report;

import dev.herald.bench.BenchResult;
import dev.herald.bench.measure.PhaseResult;

import java.util.ArrayList;
import java.util.List;

/** The targets, each against what this run measured. They are reported, never asserted. */
public final class Targets {

    static final double SUSTAINED = 2000;
    static final double RATIO = 0.5;
    static final double P99_MILLIS = 100;
    static final int P99_RATE = 1000;
    static final int BROADCAST = 100_000;
    static final double BROADCAST_SECONDS = 60;
    static final long RSS_KB = 2L * 1024 * 1024;

    private Targets() {
    }

    /** @param met null when this run did not measure what the target is about */
    public record Target(String name, String goal, String measured, Boolean met) {

        public String verdict() {
            return met == null ? "not measured" : met ? "met" : "**missed**";
        }
    }

    public static List<Target> of(BenchResult result) {
        List<Target> targets = new ArrayList<>();
        PhaseResult fastest = result.fastestPhase();
        targets.add(fastest == null
                ? new Target("Sustained end-to-end throughput", "≥ 2,000 notifications/s", "no phase ran", null)
                : new Target("Sustained end-to-end throughput", "≥ 2,000 notifications/s",
                        "%,.0f notifications/s (phase %s)".formatted(fastest.sentPerSecond(), fastest.name()),
                        fastest.sentPerSecond() >= SUSTAINED));
        double ratio = result.perfTestRatio();
        targets.add(Double.isNaN(ratio)
                ? new Target("Herald / broker ceiling (PerfTest)", "≥ 0.5", "PerfTest not run", null)
                : new Target("Herald / broker ceiling (PerfTest)", "≥ 0.5",
                        "%.2f = %,.0f / (%,.0f msg/s ÷ %.0f transits)".formatted(ratio, fastest.sentPerSecond(),
                                result.perfTest().best().receiveRate(), result.transits().perNotification()),
                        ratio >= RATIO));
        PhaseResult at1000 = result.phases().stream()
                .filter(p -> p.concurrency() == 0 && Math.round(p.offeredPerSecond()) == P99_RATE).findFirst().orElse(null);
        targets.add(at1000 == null || at1000.acceptedToProvider().count() == 0
                ? new Target("p99 accepted → provider at 1,000/s", "< 100 ms", "no 1,000/s phase", null)
                : new Target("p99 accepted → provider at 1,000/s", "< 100 ms",
                        "%.1f ms".formatted(at1000.acceptedToProvider().p99()), at1000.acceptedToProvider().p99() < P99_MILLIS));
        if (result.broadcast() == null) {
            targets.add(new Target("100k broadcast dispatched", "< 60 s", "no broadcast", null));
        } else {
            var broadcast = result.broadcast();
            String measured = broadcast.dispatched() == null ? "not all dispatched"
                    : "%.1f s".formatted(broadcast.dispatched().toNanos() / 1e9);
            boolean full = broadcast.recipients() >= BROADCAST;
            targets.add(new Target("100k broadcast dispatched", "< 60 s",
                    measured + (full ? "" : " (%,d recipients only)".formatted(broadcast.recipients())),
                    !full ? null : broadcast.dispatched() != null && broadcast.dispatched().toNanos() / 1e9 < BROADCAST_SECONDS));
        }
        long peak = result.memory().peakTotal();
        targets.add(peak <= 0
                ? new Target("All services resident", "< 2 GiB", "no pid files found", null)
                : new Target("All services resident", "< 2 GiB", "%.2f GiB peak (sum of VmRSS at one moment, provider-sandbox not counted)".formatted(
                        peak / 1024.0 / 1024.0), peak < RSS_KB));
        return targets;
    }
}
