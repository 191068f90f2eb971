package dev.herald.channel.core.service;

import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.StatusMessage;

import java.time.Duration;

/**
 * What becomes of one consumed dispatch; every kind is acknowledged only once all of its publishes are confirmed.
 */
public sealed interface Disposition {

    /** Publish a status and nothing else ({@code sent}, {@code failed}, {@code expired}). */
    record Report(StatusMessage status) implements Disposition {
    }

    /** Park {@code next} in the retry tier {@code tier} of the channel and publish {@code retrying}. */
    record Retry(DispatchMessage next, Duration tier, StatusMessage status) implements Disposition {
    }

    /** Park the dispatch, same attempt, in the retry tier {@code tier}; no status (being throttled is not news). */
    record Defer(DispatchMessage dispatch, Duration tier) implements Disposition {
    }

    /** Move the dispatch to the channel's dead-letter queue with {@code reason} and publish {@code dead_lettered}. */
    record DeadLetter(DispatchMessage dispatch, String reason, StatusMessage status) implements Disposition {
    }
}
