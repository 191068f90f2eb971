package dev.herald.filter.service.policy;

/** The outcome of the preference decision for one recipient on one channel. */
public sealed interface Decision {

    /** Dispatch to {@code address}. */
    record Deliver(String address) implements Decision {
    }

    /** Do not dispatch, for {@code reason}. */
    record Suppress(SuppressionReason reason) implements Decision {
    }

    // Quiet hours will add: record Defer(String address, Instant until) implements Decision.
}
