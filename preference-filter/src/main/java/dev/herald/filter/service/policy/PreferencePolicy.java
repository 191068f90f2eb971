package dev.herald.filter.service.policy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Decides, for one recipient and one channel, whether an event is dispatched now, later or not at all, and to which
 * address. Pure: the same input gives the same decision, with no I/O, so it is tested without a database or a broker.
 *
 * <p>The rules run in order and the first that settles the decision wins; an event that passes them all is
 * delivered to the user's contact point. The order of {@link #standard(ZoneId)} (DESIGN.md):
 * <ol>
 *   <li>unknown user: the recipient is not a user of the tenant;</li>
 *   <li>no contact point: the user has no address on the channel;</li>
 *   <li>suppression list: every address of the user on the channel is suppressed;</li>
 *   <li>unsubscribed from all, then the channel switch: the user's global opt-outs;</li>
 *   <li>category choice: the user switched the channel off for the event's category;</li>
 *   <li>category default: the tenant has the channel off for the category and the user made no choice;</li>
 *   <li>quiet hours: deferred to the end of the user's quiet hours.</li>
 * </ol>
 * Critical events skip the {@link PreferenceRule#optOut() opt-out} rules (4 to 7), never the first three: a critical
 * event cannot reach an address that does not exist or that the provider refuses.
 */
public final class PreferencePolicy {

    private final List<PreferenceRule> rules;

    public PreferencePolicy(List<PreferenceRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The standard order; quiet hours of users without a time zone read in {@code defaultZone}. */
    public static PreferencePolicy standard(ZoneId defaultZone) {
        return new PreferencePolicy(List.of(
                PreferenceRules.KNOWN_USER,
                PreferenceRules.CONTACT_POINT,
                PreferenceRules.SUPPRESSION_LIST,
                PreferenceRules.UNSUBSCRIBED_ALL,
                PreferenceRules.CHANNEL_SWITCH,
                PreferenceRules.CATEGORY_CHOICE,
                PreferenceRules.CATEGORY_DEFAULT,
                PreferenceRules.quietHours(defaultZone)));
    }

    public static PreferencePolicy standard() {
        return standard(ZoneOffset.UTC);
    }

    public List<PreferenceRule> rules() {
        return rules;
    }

    public Decision decide(DecisionInput input) {
        for (PreferenceRule rule : rules) {
            if (input.critical() && rule.optOut()) {
                continue;
            }
            Optional<Decision> decision = rule.evaluate(input);
            if (decision.isPresent()) {
                return decision.get();
            }
        }
        if (!input.knownUser()) {
            return new Decision.Suppress(SuppressionReason.UNKNOWN_USER);
        }
        return input.recipient().deliverableAddress(input.channel())
                .<Decision>map(Decision.Deliver::new)
                .orElseGet(() -> new Decision.Suppress(SuppressionReason.NO_CONTACT_POINT));
    }
}
