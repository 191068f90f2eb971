package dev.herald.channel.core.service;

import java.time.Instant;

/**
 * The headers of ours a delivered dispatch may carry.
 *
 * @param traceparent the W3C trace context, or null
 * @param attempt     {@code x-herald-attempt}, or null
 * @param redriveId   {@code x-herald-redrive}: the operator redrive that published it, or null
 * @param notBefore   {@code x-herald-not-before}: not to be sent before then, or null
 * @param deferred    {@code x-herald-deferred}: back from a retry tier where it was parked at the same attempt
 *                    (throttle, not-before, a claim in flight, the ledger unavailable), not after a failed attempt
 */
public record DispatchHeaders(String traceparent, Integer attempt, String redriveId, Instant notBefore,
        boolean deferred) {

    /** Written on a dispatch parked at the same attempt ({@link Disposition.Defer}); channel-core's own header. */
    public static final String DEFERRED = "x-herald-deferred";

    public static final DispatchHeaders NONE = new DispatchHeaders(null, null, null, null, false);

    public DispatchHeaders(String traceparent, Integer attempt, String redriveId, Instant notBefore) {
        this(traceparent, attempt, redriveId, notBefore, false);
    }
}
