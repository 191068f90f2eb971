package dev.herald.tracker.rest;

import java.util.List;

/** What the operator page shows. Plain values only: the template formats nothing but text. */
public record OpsPage(
        String tenant,
        String csrf,
        String window,
        List<String> states,
        List<CountRow> counts,
        long total,
        List<QueueRow> queues,
        String brokerProblem,
        List<EventRow> events,
        String notice,
        String generatedAt) {

    /** One channel's counts, one cell per state of {@link #states}. */
    public record CountRow(String channel, List<Long> cells, long total) {
    }

    /**
     * One channel's queues: work-queue depth and consumers, messages still in its DLQ (the tracker moves them out at
     * once, so normally 0), and dead letters pending redrive. Depths are null when the management API is unavailable.
     */
    public record QueueRow(String channel, String queue, Long depth, Integer consumers, String deadLetterQueue,
            Long deadLetterQueueDepth, long pendingDeadLetters) {
    }

    /** A recent event and its notifications' states, e.g. "sent 2, delivered 1". */
    public record EventRow(String eventId, String type, String category, String acceptedAt, int recipients,
            String states) {
    }
}
