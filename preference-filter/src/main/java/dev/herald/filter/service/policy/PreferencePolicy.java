package dev.herald.filter.service.policy;

import java.util.List;
import java.util.Optional;

/**
 * Decides, for one recipient and one channel, whether an event is dispatched and to which address. Pure: the same
 * input gives the same decision, with no I/O, so it is tested without a database or a broker.
 *
 * <p>The rules run in order and the first that settles the decision wins; an event that passes them all is
 * delivered to the user's contact point. The order of {@link #standard()}:
 * <ol>
 *   <li>unknown user: the recipient is not a user of the tenant;</li>
 *   <li>no contact point: the user has no address on the channel. Checked before the opt-outs, so the reason
 *       does not depend on whether the event is critical: critical events never bypass it;</li>
 *   <li>channel switch (opt-out): the user switched the channel off;</li>
 *   <li>category choice (opt-out): the user switched the channel off for the event's category.</li>
 * </ol>
 * Critical events skip the opt-out rules. Rules still to come slot into this list: the suppression list after
 * the contact point (not bypassed by critical events), the tenant's category default after the category choice,
 * and quiet hours last (deferring, not dropping).
 */
public final class PreferencePolicy {

    private final List<PreferenceRule> rules;

    public PreferencePolicy(List<PreferenceRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static PreferencePolicy standard() {
        return new PreferencePolicy(List.of(
                PreferenceRules.KNOWN_USER,
                PreferenceRules.CONTACT_POINT,
                PreferenceRules.CHANNEL_SWITCH,
                PreferenceRules.CATEGORY_CHOICE));
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
        return input.recipient().user().address(input.channel())
                .<Decision>map(Decision.Deliver::new)
                .orElseGet(() -> new Decision.Suppress(SuppressionReason.NO_CONTACT_POINT));
    }
}
