package dev.herald.filter.service.policy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/** The rules of the standard {@link PreferencePolicy}, each named after what it checks. */
public final class PreferenceRules {

    /** A recipient who is not a user of the event's tenant gets nothing. */
    public static final PreferenceRule KNOWN_USER = new Rule("known_user", false) {
        @Override
        public Optional<Decision> evaluate(DecisionInput input) {
            return input.knownUser() ? Optional.empty() : suppress(SuppressionReason.UNKNOWN_USER, null);
        }
    };

    /** A user without an address on the channel cannot be reached there, critical or not. */
    public static final PreferenceRule CONTACT_POINT = new Rule("contact_point", false) {
        @Override
        public Optional<Decision> evaluate(DecisionInput input) {
            return input.recipient().user().address(input.channel()).isPresent()
                    ? Optional.empty()
                    : suppress(SuppressionReason.NO_CONTACT_POINT, null);
        }
    };

    /**
     * An address on the tenant's suppression list (a hard bounce, an invalid number, an unregistered token) is not
     * used again, critical or not: the provider would refuse it, or it reaches nobody. A push dispatch goes on to the
     * user's other tokens; only when every token is suppressed is the notification.
     */
    public static final PreferenceRule SUPPRESSION_LIST = new Rule("suppression_list", false) {
        @Override
        public Optional<Decision> evaluate(DecisionInput input) {
            if (input.recipient().deliverableAddress(input.channel()).isPresent()) {
                return Optional.empty();
            }
            return suppress(SuppressionReason.SUPPRESSION_LIST,
                    input.recipient().suppressionReason(input.channel()).orElse(null));
        }
    };

    /** The user unsubscribed from everything: the global switch of every channel at once. */
    public static final PreferenceRule UNSUBSCRIBED_ALL = new Rule("unsubscribed_all", true) {
        @Override
        public Optional<Decision> evaluate(DecisionInput input) {
            return input.recipient().preferences().unsubscribedAll()
                    ? suppress(SuppressionReason.UNSUBSCRIBED_ALL, null)
                    : Optional.empty();
        }
    };

    /** The user's global switch of the channel. */
    public static final PreferenceRule CHANNEL_SWITCH = new Rule("channel_switch", true) {
        @Override
        public Optional<Decision> evaluate(DecisionInput input) {
            return input.recipient().preferences().channelEnabled(input.channel())
                    ? Optional.empty()
                    : suppress(SuppressionReason.CHANNEL_DISABLED, null);
        }
    };

    /** The user's choice of the channel for the event's category. */
    public static final PreferenceRule CATEGORY_CHOICE = new Rule("category_choice", true) {
        @Override
        public Optional<Decision> evaluate(DecisionInput input) {
            return input.recipient().preferences().categoryEnabled(input.category(), input.channel())
                    ? Optional.empty()
                    : suppress(SuppressionReason.CATEGORY_DISABLED, null);
        }
    };

    /**
     * The tenant's default of the channel for the event's category, where the user made no choice of their own: a
     * user's explicit "on" overrides a default "off".
     */
    public static final PreferenceRule CATEGORY_DEFAULT = new Rule("category_default", true) {
        @Override
        public Optional<Decision> evaluate(DecisionInput input) {
            if (input.categoryDefault() == null
                    || input.recipient().preferences().categoryChoice(input.category(), input.channel()).isPresent()
                    || input.categoryDefault().channelEnabled(input.channel())) {
                return Optional.empty();
            }
            return suppress(SuppressionReason.CATEGORY_DEFAULT_OFF, null);
        }
    };

    private PreferenceRules() {
    }

    /**
     * Quiet hours in the user's time zone ({@code defaultZone} for a user without one): a notification decided inside
     * the window is deferred to its end, not dropped. Critical events are not held.
     */
    public static PreferenceRule quietHours(ZoneId defaultZone) {
        return new QuietHoursRule(defaultZone);
    }

    /** Quiet hours for users without a time zone of their own read in UTC. */
    public static final PreferenceRule QUIET_HOURS = quietHours(ZoneOffset.UTC);

    private static Optional<Decision> suppress(SuppressionReason reason, String detail) {
        return Optional.of(new Decision.Suppress(reason, detail));
    }

    private abstract static class Rule implements PreferenceRule {

        private final String name;
        private final boolean optOut;

        Rule(String name, boolean optOut) {
            this.name = name;
            this.optOut = optOut;
        }

        @Override
        public boolean optOut() {
            return optOut;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final class QuietHoursRule extends Rule {

        private final ZoneId defaultZone;

        QuietHoursRule(ZoneId defaultZone) {
            super("quiet_hours", true);
            this.defaultZone = defaultZone;
        }

        @Override
        public Optional<Decision> evaluate(DecisionInput input) {
            var quietHours = input.recipient().preferences().quietHours();
            if (quietHours == null) {
                return Optional.empty();
            }
            return quietHours.deferUntil(input.now(), zoneOf(input))
                    .map(until -> new Decision.Defer(input.recipient().deliverableAddress(input.channel()).orElseThrow(), until));
        }

        private ZoneId zoneOf(DecisionInput input) {
            String zone = input.recipient().user().timezone();
            if (zone == null) {
                return defaultZone;
            }
            try {
                return ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                // Validated on input; a zone id that a newer JDK dropped must not break every decision.
                return defaultZone;
            }
        }
    }
}
