package dev.herald.tracker.rest;

import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /v1/stats}: how many of the caller's notifications created in [{@code from}, {@code to}) are in each
 * state, per channel ({@code counts.<channel>.<state>}), with totals per channel and overall.
 */
public record StatsView(Instant from, Instant to, long total, Map<String, Long> totals,
        Map<String, Map<String, Long>> counts) {
}
