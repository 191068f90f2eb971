package dev.herald.filter.service.policy;

import dev.herald.common.contract.Channel;
import dev.herald.filter.service.Preferences;
import dev.herald.filter.service.Recipient;
import dev.herald.filter.service.SlackTarget;
import dev.herald.filter.service.UserProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.herald.filter.service.Recipients.emailOnly;
import static dev.herald.filter.service.Recipients.reachableEverywhere;
import static dev.herald.filter.service.Recipients.withCategoryOff;
import static dev.herald.filter.service.Recipients.withChannelOff;
import static dev.herald.filter.service.Recipients.withDefaults;
import static org.assertj.core.api.Assertions.assertThat;

class PreferencePolicyTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final PreferencePolicy policy = PreferencePolicy.standard();

    private Decision decide(Recipient recipient, Channel channel, String category, boolean critical) {
        return policy.decide(new DecisionInput(category, critical, channel, recipient, NOW));
    }

    private static Decision suppressed(SuppressionReason reason) {
        return new Decision.Suppress(reason);
    }

    @Test
    void deliversToEachChannelsContactPointWhenNothingIsSwitchedOff() {
        Recipient recipient = withDefaults(reachableEverywhere("u-1"));

        assertThat(decide(recipient, Channel.EMAIL, "orders", false)).isEqualTo(new Decision.Deliver("u-1@example.com"));
        assertThat(decide(recipient, Channel.SMS, "orders", false)).isEqualTo(new Decision.Deliver("+14155550100"));
        assertThat(decide(recipient, Channel.PUSH, "orders", false)).isEqualTo(new Decision.Deliver("token-a,token-b"));
        assertThat(decide(recipient, Channel.SLACK, "orders", false)).isEqualTo(new Decision.Deliver("channel:C123"));
    }

    @Test
    void addressesASlackUserAsDirectMessage() {
        UserProfile user = new UserProfile("u-1", null, null, null, null, List.of(), SlackTarget.user("U42"), NOW, NOW);

        assertThat(decide(withDefaults(user), Channel.SLACK, "orders", false)).isEqualTo(new Decision.Deliver("user:U42"));
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void suppressesUnknownUserOnEveryChannel(Channel channel) {
        assertThat(decide(null, channel, "orders", false)).isEqualTo(suppressed(SuppressionReason.UNKNOWN_USER));
    }

    @Test
    void suppressesUnknownUserEvenForCriticalEvents() {
        assertThat(decide(null, Channel.EMAIL, "security", true)).isEqualTo(suppressed(SuppressionReason.UNKNOWN_USER));
    }

    @ParameterizedTest
    @EnumSource(value = Channel.class, names = {"SMS", "PUSH", "SLACK"})
    void suppressesChannelWithoutContactPoint(Channel channel) {
        assertThat(decide(withDefaults(emailOnly("u-1")), channel, "orders", false))
                .isEqualTo(suppressed(SuppressionReason.NO_CONTACT_POINT));
    }

    @Test
    void criticalEventsNeverBypassAMissingContactPoint() {
        assertThat(decide(withDefaults(emailOnly("u-1")), Channel.SMS, "security", true))
                .isEqualTo(suppressed(SuppressionReason.NO_CONTACT_POINT));
    }

    @Test
    void suppressesChannelTheUserSwitchedOff() {
        Recipient recipient = withChannelOff(reachableEverywhere("u-1"), Channel.EMAIL);

        assertThat(decide(recipient, Channel.EMAIL, "orders", false)).isEqualTo(suppressed(SuppressionReason.CHANNEL_DISABLED));
        assertThat(decide(recipient, Channel.SMS, "orders", false)).isEqualTo(new Decision.Deliver("+14155550100"));
    }

    @Test
    void suppressesChannelTheUserSwitchedOffForTheEventsCategoryOnly() {
        Recipient recipient = withCategoryOff(reachableEverywhere("u-1"), "marketing", Channel.EMAIL);

        assertThat(decide(recipient, Channel.EMAIL, "marketing", false)).isEqualTo(suppressed(SuppressionReason.CATEGORY_DISABLED));
        assertThat(decide(recipient, Channel.PUSH, "marketing", false)).isInstanceOf(Decision.Deliver.class);
        assertThat(decide(recipient, Channel.EMAIL, "orders", false)).isInstanceOf(Decision.Deliver.class);
    }

    @Test
    void eventWithoutCategoryIsNotSubjectToCategoryChoices() {
        Recipient recipient = withCategoryOff(reachableEverywhere("u-1"), "marketing", Channel.EMAIL);

        assertThat(decide(recipient, Channel.EMAIL, null, false)).isInstanceOf(Decision.Deliver.class);
    }

    @Test
    void criticalEventsBypassTheChannelSwitch() {
        Recipient recipient = withChannelOff(reachableEverywhere("u-1"), Channel.EMAIL);

        assertThat(decide(recipient, Channel.EMAIL, "security", true)).isEqualTo(new Decision.Deliver("u-1@example.com"));
    }

    @Test
    void criticalEventsBypassTheCategoryChoice() {
        Recipient recipient = withCategoryOff(reachableEverywhere("u-1"), "security", Channel.SMS);

        assertThat(decide(recipient, Channel.SMS, "security", true)).isEqualTo(new Decision.Deliver("+14155550100"));
    }

    @Test
    void missingContactPointIsReportedBeforeASwitchedOffChannel() {
        Recipient recipient = withChannelOff(emailOnly("u-1"), Channel.SMS);

        assertThat(decide(recipient, Channel.SMS, "orders", false)).isEqualTo(suppressed(SuppressionReason.NO_CONTACT_POINT));
    }

    @Test
    void switchedOffChannelIsReportedBeforeTheCategoryChoice() {
        Recipient recipient = new Recipient(reachableEverywhere("u-1"), new Preferences(
                Map.of(Channel.EMAIL, false), Map.of("marketing", Map.of(Channel.EMAIL, false)), null));

        assertThat(decide(recipient, Channel.EMAIL, "marketing", false)).isEqualTo(suppressed(SuppressionReason.CHANNEL_DISABLED));
    }

    @Test
    void explicitlyEnabledSwitchesDeliver() {
        Recipient recipient = new Recipient(reachableEverywhere("u-1"), new Preferences(
                Map.of(Channel.EMAIL, true), Map.of("marketing", Map.of(Channel.EMAIL, true)), null));

        assertThat(decide(recipient, Channel.EMAIL, "marketing", false)).isInstanceOf(Decision.Deliver.class);
    }

    @Test
    void standardPolicyAppliesItsRulesInTheDocumentedOrder() {
        assertThat(PreferencePolicy.standard().rules()).extracting(PreferenceRule::name).containsExactly(
                "known_user", "contact_point", "suppression_list", "unsubscribed_all", "channel_switch",
                "category_choice", "category_default", "quiet_hours");
        assertThat(PreferencePolicy.standard().rules()).extracting(PreferenceRule::optOut)
                .containsExactly(false, false, false, true, true, true, true, true);
    }

    @Test
    void aFurtherRuleSlotsInWithoutChangingTheOthers() {
        PreferenceRule holdEverything = input -> Optional.of(new Decision.Suppress(SuppressionReason.CHANNEL_DISABLED));
        List<PreferenceRule> rules = new java.util.ArrayList<>(PreferencePolicy.standard().rules());
        rules.add(holdEverything);
        PreferencePolicy extended = new PreferencePolicy(rules);

        assertThat(extended.decide(new DecisionInput("orders", false, Channel.EMAIL, null, NOW)))
                .isEqualTo(suppressed(SuppressionReason.UNKNOWN_USER));
        assertThat(extended.decide(new DecisionInput("orders", false, Channel.EMAIL, withDefaults(reachableEverywhere("u-1")), NOW)))
                .isEqualTo(suppressed(SuppressionReason.CHANNEL_DISABLED));
    }
}
