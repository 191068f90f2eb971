package dev.herald.channel.core.service;

import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.contract.SuppressionMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What becomes of one consumed dispatch; every kind is acknowledged only once all of its publishes are confirmed.
 */
public sealed interface Disposition {

    /**
     * Publish a status ({@code sent}, {@code failed}, {@code expired}) and, where the provider named dead addresses,
     * one hygiene message for each to {@code herald.hygiene}.
     */
    record Report(StatusMessage status, List<SuppressionMessage> suppressions) implements Disposition {
        public Report {
            suppressions = List.copyOf(suppressions);
        }

        public Report(StatusMessage status) {
            this(status, List.of());
        }
    }

    /**
     * Park {@code next} in the retry tier {@code tier} of the channel and publish {@code retrying}; {@code notBefore}
     * (or null): the provider's Retry-After where the tier is shorter, carried in {@code x-herald-not-before}.
     */
    record Retry(DispatchMessage next, Duration tier, StatusMessage status, Instant notBefore) implements Disposition {
        public Retry(DispatchMessage next, Duration tier, StatusMessage status) {
            this(next, tier, status, null);
        }
    }

    /**
     * Park the dispatch, same attempt, in the retry tier {@code tier}; no status (being throttled is not news).
     * {@code notBefore} as for {@link Retry}.
     */
    record Defer(DispatchMessage dispatch, Duration tier, Instant notBefore) implements Disposition {
        public Defer(DispatchMessage dispatch, Duration tier) {
            this(dispatch, tier, null);
        }
    }

    /** Move the dispatch to the channel's dead-letter queue with {@code reason} and publish {@code dead_lettered}. */
    record DeadLetter(DispatchMessage dispatch, String reason, StatusMessage status) implements Disposition {
    }
}
