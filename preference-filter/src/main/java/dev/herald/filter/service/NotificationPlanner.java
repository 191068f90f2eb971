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
 * messages to publish, each status carrying the decision's reason. Pure: the recipients and the tenant's categories
 * are looked up beforehand, the clock is passed in.
 */
public class NotificationPlanner {

    /** Attempt number of a status for a notification that was never dispatched. */
    public static final int NO_ATTEMPT = 0;
    /** The reason of the {@code queued} status of a notification released at the end of quiet hours. */
    public static final String QUIET_HOURS_ENDED = "quiet_hours_ended";
    /** The reason of the {@code queued} status of a critical notification that an opt-out would have stopped. */
    public static final String CRITICAL_BYPASS = "critical_bypass";

    private final PreferencePolicy policy;
    private final String defaultLocale;
    private final UnsubscribeUrls unsubscribeUrls;

    public NotificationPlanner(PreferencePolicy policy, String defaultLocale, UnsubscribeUrls unsubscribeUrls) {
        this.policy = policy;
        this.defaultLocale = defaultLocale;
        this.unsubscribeUrls = unsubscribeUrls;
    }

    public NotificationPlanner(PreferencePolicy policy, String defaultLocale) {
        this(policy, defaultLocale, UnsubscribeUrls.NONE);
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

    public List<PlannedNotification> plan(EventMessage event, Map<String, Recipient> recipients, Instant now) {
        return plan(event, recipients, TenantCategories.NONE, now);
    }

    /**
     * @param recipients the known users among the event's recipients, by user id; a recipient missing here is
     *                   unknown to the event's tenant
     * @param categories the event's tenant's categories: their defaults, and whether they are critical
     */
    public List<PlannedNotification> plan(EventMessage event, Map<String, Recipient> recipients,
            TenantCategories categories, Instant now) {
        return plan(event, recipients(event), recipients, categories, now);
    }

    /**
     * Plans the event for {@code userIds} only: one chunk of its {@link #recipients(EventMessage) recipients}.
     *
     * @param recipients the known users among {@code userIds}, by user id
     */
    public List<PlannedNotification> plan(EventMessage event, List<String> userIds, Map<String, Recipient> recipients,
            TenantCategories categories, Instant now) {
        List<Channel> channels = channels(event);
        boolean critical = event.critical() || categories.critical(event.category());
        CategoryDefault categoryDefault = categories.find(event.category()).orElse(null);
        List<PlannedNotification> planned = new ArrayList<>(userIds.size() * channels.size());
        for (String userId : userIds) {
            Recipient recipient = recipients.get(userId);
            for (Channel channel : channels) {
                DispatchMessage template = new DispatchMessage(DispatchMessage.SCHEMA_VERSION,
                        NotificationIds.notificationId(event.eventId(), userId, channel), event.eventId(), event.tenant(),
                        event.type(), event.category(), userId, channel, null, null, event.data(), 1, event.expiresAt(),
                        critical, null);
                planned.add(decide(template, recipient, categoryDefault, now, null));
            }
        }
        return planned;
    }

    /**
     * Decides again, at its release, a notification that quiet hours deferred: the user may have opted out, changed
     * address or quiet hours meanwhile. Delivered, it is {@code queued} with the reason {@value #QUIET_HOURS_ENDED}.
     *
     * @param recipient the user now, or null if they are gone
     */
    public PlannedNotification replan(DispatchMessage deferred, Recipient recipient, TenantCategories categories,
            Instant now) {
        CategoryDefault categoryDefault = categories.find(deferred.category()).orElse(null);
        return decide(deferred, recipient, categoryDefault, now, QUIET_HOURS_ENDED);
    }

    private PlannedNotification decide(DispatchMessage template, Recipient recipient, CategoryDefault categoryDefault,
            Instant now, String queuedReason) {
        DecisionInput input = new DecisionInput(template.category(), template.critical(), template.channel(), recipient,
                now, categoryDefault);
        Decision decision = policy.decide(input);
        return switch (decision) {
            case Decision.Deliver deliver -> {
                DispatchMessage dispatch = addressed(template, recipient, deliver.address());
                String reason = queuedReason != null ? queuedReason : bypassed(input);
                yield new PlannedNotification(dispatch, status(dispatch, NotificationState.QUEUED, dispatch.attempt(), now, reason));
            }
            case Decision.Defer defer -> {
                DispatchMessage dispatch = addressed(template, recipient, defer.address());
                yield new PlannedNotification(dispatch,
                        status(dispatch, NotificationState.DEFERRED, NO_ATTEMPT, now, defer.reasonText()), defer.until());
            }
            case Decision.Suppress suppress -> new PlannedNotification(null,
                    status(template, NotificationState.SUPPRESSED, NO_ATTEMPT, now, suppress.reasonText()));
        };
    }

    /** For a critical notification that an opt-out would have stopped: {@code critical_bypass: <what it bypassed>}. */
    private String bypassed(DecisionInput input) {
        if (!input.critical()) {
            return null;
        }
        return switch (policy.decide(input.notCritical())) {
            case Decision.Suppress suppress -> CRITICAL_BYPASS + ": " + suppress.reasonText();
            case Decision.Defer defer -> CRITICAL_BYPASS + ": " + Decision.Defer.REASON;
            case Decision.Deliver deliver -> null;
        };
    }

    private DispatchMessage addressed(DispatchMessage template, Recipient recipient, String address) {
        String unsubscribeUrl = template.critical() || template.category() == null ? null
                : unsubscribeUrls.urlFor(template.tenant(), template.userId(), template.category(), template.channel())
                        .orElse(null);
        return new DispatchMessage(template.schemaVersion(), template.notificationId(), template.eventId(),
                template.tenant(), template.type(), template.category(), template.userId(), template.channel(), address,
                localeOf(recipient), template.data(), template.attempt(), template.expiresAt(), template.critical(),
                unsubscribeUrl);
    }

    private static StatusMessage status(DispatchMessage dispatch, NotificationState state, int attempt, Instant now,
            String reason) {
        UUID notificationId = dispatch.notificationId();
        return new StatusMessage(StatusMessage.SCHEMA_VERSION, notificationId, dispatch.eventId(), dispatch.tenant(),
                dispatch.userId(), dispatch.channel(), state, now, attempt, null, null, reason);
    }

    private String localeOf(Recipient recipient) {
        String locale = recipient.user().locale();
        return locale == null ? defaultLocale : locale;
    }
}
