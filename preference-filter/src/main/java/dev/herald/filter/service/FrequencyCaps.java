package dev.herald.filter.service;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.filter.config.FilterConfig;
import dev.herald.filter.service.policy.Decision;
import dev.herald.filter.service.policy.SuppressionReason;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The per-channel frequency caps and which notifications they apply to. Pure: the counting is in PostgreSQL
 * ({@link FrequencyCapGate}); this decides what is counted and how a capped notification is recorded.
 *
 * <p>A cap applies last, to what the preference policy would dispatch now: a notification that a preference,
 * opt-out or the suppression list stops is not counted, and one that quiet hours defer is counted when it is
 * released (it may be capped then). Critical notifications are neither counted nor capped.
 */
public final class FrequencyCaps {

    /** At most {@code limit} notifications per user on a channel within {@code window}. */
    public record Cap(int limit, Duration window) {

        public Cap {
            if (limit < 0) {
                throw new IllegalArgumentException("a frequency cap's limit must not be negative");
            }
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a frequency cap's window must be positive");
            }
        }

        /** How a status names the cap: {@code 5 per 1h}. */
        public String text() {
            return limit + " per " + describe(window);
        }
    }

    public static final FrequencyCaps NONE = new FrequencyCaps(Map.of());

    private final Map<Channel, Cap> caps;

    public FrequencyCaps(Map<Channel, Cap> caps) {
        this.caps = caps.isEmpty() ? Map.of() : new EnumMap<>(caps);
    }

    /** The caps of {@code herald.filter.frequency-caps.<channel>.*}; an unknown channel name is refused at start. */
    public static FrequencyCaps of(Map<String, FilterConfig.FrequencyCap> configured) {
        Map<Channel, Cap> caps = new EnumMap<>(Channel.class);
        configured.forEach((name, cap) -> {
            Channel channel = Channel.parse(name).orElseThrow(() -> new IllegalArgumentException(
                    "herald.filter.frequency-caps." + name + ": unknown channel (email, sms, push or slack)"));
            caps.put(channel, new Cap(cap.limit(), cap.window()));
        });
        return new FrequencyCaps(caps);
    }

    public Optional<Cap> capOf(Channel channel) {
        return Optional.ofNullable(caps.get(channel));
    }

    public boolean none() {
        return caps.isEmpty();
    }

    /** The longest window of any cap (zero when there is none): how long a count must be kept. */
    public Duration longestWindow() {
        return caps.values().stream().map(Cap::window).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** Whether the notification counts against a cap: dispatched now, not critical, on a capped channel. */
    public boolean subject(PlannedNotification planned) {
        return planned.dispatched() && !planned.dispatch().critical() && caps.containsKey(planned.dispatch().channel());
    }

    public List<PlannedNotification> subjects(List<PlannedNotification> planned) {
        if (caps.isEmpty()) {
            return List.of();
        }
        return planned.stream().filter(this::subject).toList();
    }

    /** {@code planned}, with the notifications whose ids are in {@code capped} turned into suppressed ones. */
    public List<PlannedNotification> apply(List<PlannedNotification> planned, Set<UUID> capped) {
        if (capped.isEmpty()) {
            return planned;
        }
        List<PlannedNotification> applied = new ArrayList<>(planned.size());
        for (PlannedNotification notification : planned) {
            applied.add(subject(notification) && capped.contains(notification.dispatch().notificationId())
                    ? capped(notification) : notification);
        }
        return applied;
    }

    /** The notification suppressed with the reason {@code frequency_cap: <limit> per <window>}. */
    PlannedNotification capped(PlannedNotification notification) {
        StatusMessage queued = notification.status();
        Cap cap = caps.get(queued.channel());
        String reason = new Decision.Suppress(SuppressionReason.FREQUENCY_CAP, cap.text()).reasonText();
        return new PlannedNotification(null, new StatusMessage(queued.schemaVersion(), queued.notificationId(),
                queued.eventId(), queued.tenant(), queued.userId(), queued.channel(), NotificationState.SUPPRESSED,
                queued.at(), NotificationPlanner.NO_ATTEMPT, null, null, reason));
    }

    static String describe(Duration window) {
        long seconds = window.toSeconds();
        if (window.toMillis() % 1000 != 0) {
            return window.toMillis() + "ms";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
