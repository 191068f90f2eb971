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
     * This disposition for a dispatch that an operator's redrive {@code redriveId} published ({@code x-herald-redrive},
     * or null): a parked dispatch keeps it, so that on its return it may still take over the claim in doubt it was
     * redriven for.
     */
    default Disposition redriven(String redriveId) {
        return switch (this) {
            case Retry retry when redriveId != null ->
                    new Retry(retry.next(), retry.tier(), retry.status(), retry.notBefore(), redriveId);
            case Defer defer when redriveId != null ->
                    new Defer(defer.dispatch(), defer.tier(), defer.notBefore(), redriveId);
            default -> this;
        };
    }

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
     * (or null): the provider's Retry-After where the tier is shorter, carried in {@code x-herald-not-before};
     * {@code redriveId} (or null): the operator redrive that published the dispatch, carried in {@code x-herald-redrive}.
     */
    record Retry(DispatchMessage next, Duration tier, StatusMessage status, Instant notBefore, String redriveId)
            implements Disposition {
        public Retry(DispatchMessage next, Duration tier, StatusMessage status, Instant notBefore) {
            this(next, tier, status, notBefore, null);
        }

        public Retry(DispatchMessage next, Duration tier, StatusMessage status) {
            this(next, tier, status, null, null);
        }
    }

    /**
     * Park the dispatch, same attempt, in the retry tier {@code tier}; no status (being throttled is not news).
     * {@code notBefore} and {@code redriveId} as for {@link Retry}.
     */
    record Defer(DispatchMessage dispatch, Duration tier, Instant notBefore, String redriveId) implements Disposition {
        public Defer(DispatchMessage dispatch, Duration tier, Instant notBefore) {
            this(dispatch, tier, notBefore, null);
        }

        public Defer(DispatchMessage dispatch, Duration tier) {
            this(dispatch, tier, null, null);
        }
    }

    /** Move the dispatch to the channel's dead-letter queue with {@code reason} and publish {@code dead_lettered}. */
    record DeadLetter(DispatchMessage dispatch, String reason, StatusMessage status) implements Disposition {
    }
}
