package dev.herald.channel.core.service;

import java.time.Instant;

/**
 * The headers of ours a delivered dispatch may carry.
 *
 * @param traceparent the W3C trace context, or null
 * @param attempt     {@code x-herald-attempt}, or null
 * @param redriveId   {@code x-herald-redrive}: the operator redrive that published it, or null
 * @param notBefore   {@code x-herald-not-before}: not to be sent before then, or null
 */
public record DispatchHeaders(String traceparent, Integer attempt, String redriveId, Instant notBefore) {

    public static final DispatchHeaders NONE = new DispatchHeaders(null, null, null, null);
}
