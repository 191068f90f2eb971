package dev.herald.channel.core.provider;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider made of one send: accepted, refused for good, or refused for now. An accepted or permanently
 * failed send may also name {@link DeadAddress dead addresses} that the provider says must not be used again; the
 * pipeline reports each to {@code herald.hygiene}.
 */
public sealed interface SendOutcome {

    /**
     * The provider took the message; its id lets webhooks be matched later. {@code deadAddresses}: addresses of the
     * recipient that the provider refused for good although the message went out (one unregistered device token
     * among several).
     */
    record Accepted(String providerMessageId, List<DeadAddress> deadAddresses) implements SendOutcome {
        public Accepted {
            deadAddresses = deadAddresses == null ? List.of() : List.copyOf(deadAddresses);
        }

        public Accepted(String providerMessageId) {
            this(providerMessageId, List.of());
        }
    }

    /**
     * Retrying cannot help (bad request, invalid recipient, bad credentials): reported as {@code failed}.
     * {@code deadAddresses}: the recipient addresses that caused it and must not be used again (an invalid number,
     * an unsubscribed recipient), if any.
     */
    record PermanentFailure(String code, String reason, List<DeadAddress> deadAddresses) implements SendOutcome {
        public PermanentFailure {
            Objects.requireNonNull(code, "code");
            deadAddresses = deadAddresses == null ? List.of() : List.copyOf(deadAddresses);
        }

        public PermanentFailure(String code, String reason) {
            this(code, reason, List.of());
        }
    }

    /**
     * Retrying later may help (rate limit, provider outage, network error): retried through the broker's wait
     * queues, never sooner than {@code retryAfter} where the provider named one. {@code rateLimited}: the provider
     * said the account sends too fast (HTTP 429 and the like), which also slows the channel's token bucket down for
     * every sender of this replica.
     */
    record TransientFailure(String code, String reason, Optional<Duration> retryAfter, boolean rateLimited)
            implements SendOutcome {
        public TransientFailure {
            Objects.requireNonNull(code, "code");
            retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        }

        public TransientFailure(String code, String reason, Optional<Duration> retryAfter) {
            this(code, reason, retryAfter, false);
        }

        public TransientFailure(String code, String reason) {
            this(code, reason, Optional.empty(), false);
        }

        /** The provider's "too many requests", with its Retry-After if it sent one. */
        public static TransientFailure rateLimit(String code, String reason, Optional<Duration> retryAfter) {
            return new TransientFailure(code, reason, retryAfter, true);
        }
    }

    /**
     * An address the provider says is dead on this channel, reported as hygiene feedback
     * ({@link dev.herald.common.contract.SuppressionMessage}) so the preference filter suppresses it from then on.
     *
     * @param address the address exactly as the provider was given it (one device token, one phone number)
     * @param reason  machine-readable, one of {@code SuppressionMessage}'s reasons: {@code hard_bounce},
     *                {@code invalid_number}, {@code unregistered_token}, {@code spam_report}, {@code unsubscribed}
     * @param detail  the provider's own words, for operators (e.g. {@code twilio_21211: invalid 'To' number})
     */
    record DeadAddress(String address, String reason, String detail) {
        public DeadAddress {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
