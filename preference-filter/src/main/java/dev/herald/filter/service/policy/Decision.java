package dev.herald.filter.service.policy;

import java.time.Instant;

/** The outcome of the preference decision for one recipient on one channel. */
public sealed interface Decision {

    /** Dispatch to {@code address} now. */
    record Deliver(String address) implements Decision {
    }

    /** Do not dispatch, for {@code reason}; {@code detail} says more where there is more to say (or is null). */
    record Suppress(SuppressionReason reason, String detail) implements Decision {

        public Suppress(SuppressionReason reason) {
            this(reason, null);
        }

        /** The {@code reason} of the suppressed status: the reason's wire name, then {@code : detail} if any. */
        public String reasonText() {
            return detail == null ? reason.wireName() : reason.wireName() + ": " + detail;
        }
    }

    /** Dispatch to {@code address}, but not before {@code until} (the end of the user's quiet hours). */
    record Defer(String address, Instant until) implements Decision {

        public static final String REASON = "quiet_hours";

        /** The {@code reason} of the deferred status. */
        public String reasonText() {
            return REASON + ": until " + until;
        }
    }
}
