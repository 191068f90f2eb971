package dev.herald.channel.core.provider;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a provider made of one send: accepted, refused for good, or refused for now. */
public sealed interface SendOutcome {

    /** The provider took the message; its id lets webhooks be matched later. */
    record Accepted(String providerMessageId) implements SendOutcome {
    }

    /** Retrying cannot help (bad request, invalid recipient, bad credentials): reported as {@code failed}. */
    record PermanentFailure(String code, String reason) implements SendOutcome {
        public PermanentFailure {
            Objects.requireNonNull(code, "code");
        }
    }

    /**
     * Retrying later may help (rate limit, provider outage, network error): retried through the broker's wait
     * queues, never sooner than {@code retryAfter} where the provider named one.
     */
    record TransientFailure(String code, String reason, Optional<Duration> retryAfter) implements SendOutcome {
        public TransientFailure {
            Objects.requireNonNull(code, "code");
            retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        }

        public TransientFailure(String code, String reason) {
            this(code, reason, Optional.empty());
        }
    }
}
