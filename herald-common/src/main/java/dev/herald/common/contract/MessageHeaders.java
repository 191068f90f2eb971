package dev.herald.common.contract;

/** AMQP header names Herald puts on its messages. */
public final class MessageHeaders {

    /** W3C trace context of the request that caused the message. */
    public static final String TRACEPARENT = "traceparent";
    /** The delivery attempt of a dispatch, ours rather than {@code x-death}, which the broker rewrites. */
    public static final String ATTEMPT = "x-herald-attempt";
    /** Why a message was dead-lettered by us. */
    public static final String DEAD_LETTER_REASON = "x-herald-dead-letter-reason";
    /**
     * Set by an operator's redrive, an id per dead letter redriven ({@code dead-letter:<id>}): a channel may then resend a
     * notification whose earlier send is in doubt (claimed, no outcome recorded), once per redrive id; never one its
     * send ledger records as sent.
     */
    public static final String REDRIVE = "x-herald-redrive";
    /**
     * Epoch milliseconds before which a parked dispatch must not be sent: the provider's Retry-After when it is longer
     * than the longest retry tier, so the dispatch is parked again until then.
     */
    public static final String NOT_BEFORE = "x-herald-not-before";

    private MessageHeaders() {
    }
}
