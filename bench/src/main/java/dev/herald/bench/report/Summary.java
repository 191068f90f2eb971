package dev.herald.bench.report;

import dev.herald.bench.BenchResult;
import dev.herald.bench.measure.PhaseResult;

import java.util.stream.Collectors;

/** The one line a run ends with. */
public final class Summary {

    private Summary() {
    }

    public static String line(BenchResult result) {
        StringBuilder line = new StringBuilder("herald bench: ");
        PhaseResult fastest = result.fastestPhase();
        if (fastest != null) {
            line.append("%,.0f notifications/s end to end (%s)".formatted(fastest.sentPerSecond(), fastest.name()));
        }
        result.phases().stream().filter(p -> p.concurrency() == 0 && Math.round(p.offeredPerSecond()) == Targets.P99_RATE)
                .findFirst()
                .ifPresent(p -> line.append(", p99 accepted->provider %.1f ms at 1000/s".formatted(p.acceptedToProvider().p99())));
        if (!Double.isNaN(result.perfTestRatio())) {
            line.append(", PerfTest %,.0f msg/s, ratio %.2f".formatted(result.perfTest().best().receiveRate(), result.perfTestRatio()));
        }
        if (result.broadcast() != null) {
            var b = result.broadcast();
            line.append(", broadcast %,d dispatched in %s, sent in %s".formatted(b.recipients(), seconds(b.dispatched()),
                    seconds(b.sent())));
        }
        if (result.memory().peakTotal() > 0) {
            line.append(", services %.2f GiB RSS".formatted(result.memory().peakTotal() / 1024.0 / 1024.0));
        }
        line.append(", %d lost".formatted(result.lost()));
        if (!result.memory().exited().isEmpty()) {
            line.append(", EXITED: ").append(String.join(", ", result.memory().exited()));
        }
        if (!result.accountedFor()) {
            line.append(", NOT ALL ACCOUNTED FOR");
        }
        String missed = Targets.of(result).stream().filter(t -> Boolean.FALSE.equals(t.met()))
                .map(Targets.Target::name).collect(Collectors.joining("; "));
        line.append(missed.isEmpty() ? "; no target missed" : "; missed: " + missed);
        if (result.report() != null) {
            line.append("; report ").append(result.report());
        }
        return line.toString();
    }

    static String seconds(java.time.Duration duration) {
        return duration == null ? "never" : "%.1f s".formatted(duration.toNanos() / 1e9);
    }
}
