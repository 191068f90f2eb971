package dev.herald.ingress.service;

import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.messaging.BrokerConfig;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import dev.herald.common.rest.ProblemException;
import dev.herald.ingress.repository.IdempotencyKeyRepository;
import dev.herald.ingress.repository.IdempotencyKeyRepository.StoredKey;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Accepts a validated event: publishes it to the {@code herald.events} fanout and answers only once the broker
 * confirmed it. With an idempotency key, the key is claimed first, so a retried request returns the first
 * request's event id and publishes nothing new.
 */
@ApplicationScoped
public class EventIntake {

    private final ConfirmingPublisher publisher;
    private final IdempotencyKeyRepository keys;
    private final Duration inFlightGrace;

    EventIntake(ConfirmingPublisher publisher, IdempotencyKeyRepository keys, BrokerConfig broker) {
        this.publisher = publisher;
        this.keys = keys;
        // A claim older than this whose publish never completed was left by a crash: publish it again.
        this.inFlightGrace = broker.publishTimeout().multipliedBy(3);
    }

    public record Accepted(UUID eventId, int recipients, boolean replayed) {
    }

    public Uni<Accepted> accept(String tenant, EventRequest request, String idempotencyKey, String requestHash,
            String traceparent) {
        UUID eventId = NotificationIds.newEventId();
        if (idempotencyKey == null) {
            return publish(tenant, request, eventId, traceparent)
                    .replaceWith(new Accepted(eventId, request.recipients().size(), false));
        }
        return keys.claim(tenant, idempotencyKey, requestHash, eventId, request.recipients().size())
                .chain(stored -> {
                    if (!stored.requestHash().equals(requestHash)) {
                        throw new ProblemException(422, "Idempotency key reused",
                                "This Idempotency-Key was already used with a different body; use a new key for a new event.");
                    }
                    if (stored.published()) {
                        return Uni.createFrom().item(new Accepted(stored.eventId(), stored.recipients(), true));
                    }
                    if (!stored.claimedNow() && stored.createdAt().plus(inFlightGrace).isAfter(Instant.now())) {
                        throw new ProblemException(409, "Request in progress",
                                "A request with this Idempotency-Key is still being accepted; retry shortly.", null,
                                Map.of("Retry-After", "1"));
                    }
                    return publishClaimed(tenant, request, idempotencyKey, stored, traceparent);
                });
    }

    private Uni<Accepted> publishClaimed(String tenant, EventRequest request, String idempotencyKey, StoredKey stored,
            String traceparent) {
        if (!stored.claimedNow()) {
            Log.infof("re-publishing event %s whose earlier publish did not complete", stored.eventId());
        }
        return publish(tenant, request, stored.eventId(), traceparent)
                .onFailure().call(() -> stored.claimedNow() ? keys.release(tenant, idempotencyKey) : Uni.createFrom().voidItem())
                .chain(() -> keys.markPublished(tenant, idempotencyKey))
                .replaceWith(new Accepted(stored.eventId(), stored.recipients(), false));
    }

    private Uni<Void> publish(String tenant, EventRequest request, UUID eventId, String traceparent) {
        EventMessage event = new EventMessage(EventMessage.SCHEMA_VERSION, eventId, tenant, request.source(),
                request.type(), request.category(), request.critical(), request.recipients(), request.data(),
                request.channels(), request.expiresAt(), Instant.now());
        return Uni.createFrom().completionStage(() -> publisher.publish(Topology.EVENTS_EXCHANGE, "", event, traceparent));
    }
}
