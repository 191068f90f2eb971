package dev.herald.bench.load;

import java.util.List;

/**
 * What one load phase sent.
 *
 * @param offeredPerSecond notifications per second offered (open loop); 0 for the closed-loop maximum
 * @param concurrency      requests in flight allowed (closed loop); 0 for open loop
 * @param startNanos       when the first request was due
 * @param endNanos         when the last answer arrived
 */
public record LoadRun(String name, double offeredPerSecond, int concurrency, long startNanos, long endNanos,
        List<Sent> sent) {
}
