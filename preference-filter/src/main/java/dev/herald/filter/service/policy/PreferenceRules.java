package dev.herald.filter.service.policy;

import java.util.Optional;

/** The rules of the standard {@link PreferencePolicy}. */
public final class PreferenceRules {

    /** A recipient who is not a user of the event's tenant gets nothing. */
    public static final PreferenceRule KNOWN_USER = input -> input.knownUser()
            ? Optional.empty()
            : suppress(SuppressionReason.UNKNOWN_USER);

    /** A user without an address on the channel cannot be reached there, critical or not. */
    public static final PreferenceRule CONTACT_POINT = input -> input.recipient().user().address(input.channel()).isPresent()
            ? Optional.empty()
            : suppress(SuppressionReason.NO_CONTACT_POINT);

    /** The user's global switch of the channel. */
    public static final PreferenceRule CHANNEL_SWITCH = new OptOutRule() {
        @Override
        public Optional<Decision> evaluate(DecisionInput input) {
            return input.recipient().preferences().channelEnabled(input.channel())
                    ? Optional.empty()
                    : suppress(SuppressionReason.CHANNEL_DISABLED);
        }
    };

    /** The user's choice of the channel for the event's category. */
    public static final PreferenceRule CATEGORY_CHOICE = new OptOutRule() {
        @Override
        public Optional<Decision> evaluate(DecisionInput input) {
            return input.recipient().preferences().categoryEnabled(input.category(), input.channel())
                    ? Optional.empty()
                    : suppress(SuppressionReason.CATEGORY_DISABLED);
        }
    };

    private PreferenceRules() {
    }

    private static Optional<Decision> suppress(SuppressionReason reason) {
        return Optional.of(new Decision.Suppress(reason));
    }

    /** A rule that enforces the user's own choice, which critical events bypass. */
    private abstract static class OptOutRule implements PreferenceRule {
        @Override
        public boolean optOut() {
            return true;
        }
    }
}
