package dev.herald.filter.service.policy;

import java.util.Optional;

/**
 * One step of the {@link PreferencePolicy}: it either settles the decision or lets the next rule decide. Rules placed
 * after {@link PreferenceRules#KNOWN_USER} may rely on the recipient being known.
 */
public interface PreferenceRule {

    /** The decision this rule settles, or empty to pass on to the next rule. */
    Optional<Decision> evaluate(DecisionInput input);

    /** Whether this rule enforces a choice (the user's, or the tenant's default), which a critical event bypasses. */
    default boolean optOut() {
        return false;
    }

    /** The rule's name, as tests and logs show it. */
    default String name() {
        return getClass().getSimpleName();
    }
}
