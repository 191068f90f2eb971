package dev.herald.tracker.rest;

import dev.herald.common.contract.Channel;
import dev.herald.tracker.repository.DeadLetterStore.StoredDeadLetter;

import java.time.Instant;
import java.util.UUID;

/**
 * A pending dead letter. {@code origin} is {@code herald} when a channel worker gave up on it (attempts exhausted) and
 * {@code broker} when RabbitMQ dead-lettered it (poison); {@code redrivable} is false for a message that is not a
 * dispatch at all.
 */
public record DeadLetterView(
        UUID id,
        Channel channel,
        UUID notificationId,
        UUID eventId,
        String userId,
        Integer attempt,
        String reason,
        String origin,
        boolean redrivable,
        Instant deadLetteredAt,
        Instant receivedAt) {

    static DeadLetterView of(StoredDeadLetter letter) {
        return new DeadLetterView(letter.id(), letter.channel(), letter.notificationId(), letter.eventId(),
                letter.userId(), letter.attempt(), letter.reason(), letter.origin(), letter.redrivable(),
                letter.deadLetteredAt(), letter.receivedAt());
    }
}
