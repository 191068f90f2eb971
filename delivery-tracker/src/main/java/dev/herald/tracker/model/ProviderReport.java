package dev.herald.tracker.model;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;

import java.time.Instant;
import java.util.UUID;

/**
 * One event a provider reported through its webhook, verified and mapped onto Herald's terms.
 *
 * @param provider          {@code sendgrid} or {@code twilio}
 * @param eventKey          the provider's identity of this event ({@code sg_event_id}; a Twilio SID and status), so
 *                          a re-sent event is recognised
 * @param event             the provider's own event name ({@code delivered}, {@code bounce}, {@code undelivered}, ...)
 * @param outcome           what it means for the notification
 * @param notificationId    Herald's notification id when the provider echoed it (SendGrid custom args), else null
 * @param providerMessageId the provider's message id (SendGrid {@code X-Message-Id}, Twilio {@code MessageSid})
 * @param tenant            the tenant the provider echoed, else null
 * @param address           the recipient, when a hygiene report needs it; never logged
 * @param hygieneReason     a {@code SuppressionMessage} reason ({@code hard_bounce}, {@code invalid_number},
 *                          {@code spam_report}, {@code unsubscribed}) when the address must not be used again
 * @param detail            for history: what the provider said
 * @param at                when the provider says it happened
 */
public record ProviderReport(
        String provider,
        String eventKey,
        String event,
        Outcome outcome,
        UUID notificationId,
        String providerMessageId,
        String tenant,
        String address,
        String hygieneReason,
        String detail,
        Instant at) {

    /** What a provider event means for a notification. */
    public enum Outcome {
        DELIVERED(NotificationState.DELIVERED),
        BOUNCED(NotificationState.BOUNCED),
        FAILED(NotificationState.FAILED),
        /** Recorded in history; changes no state ({@code deferred}, {@code open}, {@code spamreport}, ...). */
        INFO(null);

        private final NotificationState state;

        Outcome(NotificationState state) {
            this.state = state;
        }

        /** The state it moves a notification to; null for {@link #INFO}. */
        public NotificationState state() {
            return state;
        }
    }

    /** The channel whose notifications this provider's events are about. */
    public Channel channel() {
        return switch (provider) {
            case "sendgrid" -> Channel.EMAIL;
            case "twilio" -> Channel.SMS;
            default -> throw new IllegalStateException("unknown provider " + provider);
        };
    }

    /** The history event name of an informative report, e.g. {@code sendgrid.deferred}. */
    public String historyEvent() {
        return provider + "." + event;
    }
}
