package dev.herald.common.contract;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An accepted event, as ingress publishes it to the {@code herald.events} fanout. */
@RegisterForReflection
public record EventMessage(
        int schemaVersion,
        UUID eventId,
        String tenant,
        String source,
        String type,
        String category,
        boolean critical,
        List<String> recipients,
        Map<String, Object> data,
        List<Channel> channels,
        Instant expiresAt,
        Instant acceptedAt) {

    public static final int SCHEMA_VERSION = 1;
}
