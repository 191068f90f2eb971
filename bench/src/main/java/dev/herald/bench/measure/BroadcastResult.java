package dev.herald.bench.measure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One event to many recipients. Times count from the event's acceptance ({@code acceptedAt}); null when the
 * milestone was not reached.
 *
 * @param post        sending the request until its 202 (upload, validation, publish, confirm)
 * @param dispatched  until the tracker knew every notification (each is recorded {@code queued} once its dispatch is
 *                    confirmed by the broker, so this bounds the filter's dispatching from above)
 * @param inProvider  until the providers had received every notification
 * @param sent        until every notification was {@code sent} in the tracker
 */
public record BroadcastResult(int recipients, int bodyBytes, String eventId, Duration post, Duration dispatched,
        Duration inProvider, Duration sent, long finalKnown, long finalSent, long finalInProvider,
        Map<String, Long> finalCounts, List<Sample> samples, ResourceSampler.CpuUsage cpu, long peakServicesRssKb,
        Map<String, Long> maxQueueDepths) {

    /** Cumulative counts at a moment, seconds after acceptance. */
    public record Sample(double seconds, long known, long sent, long inProvider) {
    }

    /** Provider calls beyond one per recipient: duplicate sends. */
    public long extraProviderCalls() {
        return Math.max(0, finalInProvider - recipients);
    }

    public boolean accountedFor() {
        return finalSent == recipients && finalInProvider == recipients;
    }
}
