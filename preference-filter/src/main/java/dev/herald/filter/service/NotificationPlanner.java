package dev.herald.filter.service;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.filter.service.policy.Decision;
import dev.herald.filter.service.policy.DecisionInput;
import dev.herald.filter.service.policy.PreferencePolicy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Expands an event into one notification per (recipient, channel) and turns each preference decision into the
 * messages to publish. Pure: the recipients are looked up beforehand, the clock is passed in.
 */
public class NotificationPlanner {

    /** Attempt number of a status for a notification that was never dispatched. */
    public static final int NO_ATTEMPT = 0;

    private final PreferencePolicy policy;
    private final String defaultLocale;

    public NotificationPlanner(PreferencePolicy policy, String defaultLocale) {
        this.policy = policy;
        this.defaultLocale = defaultLocale;
    }

    /** The event's distinct recipients, in order. */
    public static List<String> recipients(EventMessage event) {
        return List.copyOf(new LinkedHashSet<>(event.recipients()));
    }

    /** The event's channels (distinct, in order), or every channel when it names none. */
    public static List<Channel> channels(EventMessage event) {
        if (event.channels() == null || event.channels().isEmpty()) {
            return Arrays.asList(Channel.values());
        }
        return List.copyOf(new LinkedHashSet<>(event.channels()));
    }

    /**
     * @param recipients the known users among the event's recipients, by user id; a recipient missing here is
     *                   unknown to the event's tenant
     */
    public List<PlannedNotification> plan(EventMessage event, Map<String, Recipient> recipients, Instant now) {
        List<Channel> channels = channels(event);
        List<PlannedNotification> planned = new ArrayList<>();
        for (String userId : recipients(event)) {
            Recipient recipient = recipients.get(userId);
            for (Channel channel : channels) {
                UUID notificationId = NotificationIds.notificationId(event.eventId(), userId, channel);
                Decision decision = policy.decide(new DecisionInput(event.category(), event.critical(), channel, recipient, now));
                planned.add(switch (decision) {
                    case Decision.Deliver deliver -> {
                        DispatchMessage dispatch = new DispatchMessage(DispatchMessage.SCHEMA_VERSION, notificationId,
                                event.eventId(), event.tenant(), event.type(), event.category(), userId, channel,
                                deliver.address(), localeOf(recipient), event.data(), 1, event.expiresAt());
                        yield new PlannedNotification(dispatch, new StatusMessage(StatusMessage.SCHEMA_VERSION,
                                notificationId, event.eventId(), event.tenant(), userId, channel, NotificationState.QUEUED,
                                now, dispatch.attempt(), null, null, null));
                    }
                    case Decision.Suppress suppress -> new PlannedNotification(null, new StatusMessage(
                            StatusMessage.SCHEMA_VERSION, notificationId, event.eventId(), event.tenant(), userId, channel,
                            NotificationState.SUPPRESSED, now, NO_ATTEMPT, null, null, suppress.reason().wireName()));
                });
            }
        }
        return planned;
    }

    private String localeOf(Recipient recipient) {
        String locale = recipient.user().locale();
        return locale == null ? defaultLocale : locale;
    }
}
