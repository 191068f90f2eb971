package dev.herald.tracker.model;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A message taken off {@code herald.<channel>.dlq}, kept whole so it can be redriven as it was.
 *
 * @param key       the notification id, or {@code sha256:<body hash>} for a message that is not a dispatch
 * @param dispatch  the decoded dispatch; null when the body is not one (it can be listed, never redriven)
 * @param origin    {@code herald} when a channel worker dead-lettered it (attempts exhausted), {@code broker} when
 *                  RabbitMQ did (rejected as poison, past the delivery limit, ...)
 * @param headers   the headers worth keeping ({@code traceparent}, ours, the broker's first-death ones), as text
 */
public record DeadLetter(
        Channel channel,
        String key,
        DispatchMessage dispatch,
        Integer attempt,
        String reason,
        String origin,
        byte[] payload,
        Map<String, String> headers,
        Instant deadLetteredAt) {

    public UUID notificationId() {
        return dispatch == null ? null : dispatch.notificationId();
    }

    public String tenant() {
        return dispatch == null ? null : dispatch.tenant();
    }
}
