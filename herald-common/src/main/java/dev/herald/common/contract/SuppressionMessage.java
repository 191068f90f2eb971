package dev.herald.common.contract;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.UUID;

/**
 * Hygiene feedback: an address that must not be used again on its channel (a hard bounce, an invalid number, an
 * unregistered push token). Whoever learns it publishes it to {@code herald.hygiene}; the preference filter adds it
 * to the tenant's suppression list, so the next notification to that address is {@code suppressed}.
 *
 * @param reason machine-readable: {@code hard_bounce}, {@code invalid_number}, {@code unregistered_token},
 *               {@code spam_report}, {@code unsubscribed}
 * @param notificationId the notification that revealed it, when known
 */
@RegisterForReflection
public record SuppressionMessage(
        int schemaVersion,
        String tenant,
        Channel channel,
        String address,
        String reason,
        String detail,
        UUID notificationId,
        Instant at) {

    public static final int SCHEMA_VERSION = 1;
}
