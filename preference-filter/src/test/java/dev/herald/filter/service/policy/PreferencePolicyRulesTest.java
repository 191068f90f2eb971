package dev.herald.filter.service.policy;

import dev.herald.common.contract.Channel;
import dev.herald.filter.service.CategoryDefault;
import dev.herald.filter.service.Preferences;
import dev.herald.filter.service.QuietHours;
import dev.herald.filter.service.Recipient;
import dev.herald.filter.service.SuppressedAddresses;
import dev.herald.filter.service.UserProfile;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

import static dev.herald.filter.service.Recipients.emailOnly;
import static dev.herald.filter.service.Recipients.reachableEverywhere;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules added to the decision table: suppression list, unsubscribe from all, tenant defaults, quiet hours. */
class PreferencePolicyRulesTest {

    /** 12:00 UTC = 14:00 in Paris (summer time). */
    private static final Instant NOON_UTC = Instant.parse("2025-06-01T12:00:00Z");
    private static final QuietHours AFTERNOON = new QuietHours(LocalTime.of(13, 0), LocalTime.of(18, 0));
    private static final CategoryDefault MARKETING_NO_SMS = new CategoryDefault("marketing", Map.of(Channel.SMS, false),
            false, "Marketing", null);

    private final PreferencePolicy policy = PreferencePolicy.standard();

    private Decision decide(Recipient recipient, Channel channel, String category, boolean critical, CategoryDefault categoryDefault) {
        return policy.decide(new DecisionInput(category, critical, channel, recipient, NOON_UTC, categoryDefault));
    }

    private static Recipient with(UserProfile user, Preferences preferences, Map<String, String> suppressed) {
        return new Recipient(user, preferences, new SuppressedAddresses(suppressed));
    }

    private static Map<String, String> suppressed(Channel channel, String address, String reason) {
        return Map.of(SuppressedAddresses.key(channel, address), reason);
    }

    @Nested
    class SuppressionList {

        @Test
        void suppressesAnAddressOnTheListWithItsReason() {
            Recipient recipient = with(reachableEverywhere("u-1"), Preferences.DEFAULTS,
                    suppressed(Channel.EMAIL, "u-1@example.com", "hard_bounce"));

            assertThat(decide(recipient, Channel.EMAIL, "orders", false, null))
                    .isEqualTo(new Decision.Suppress(SuppressionReason.SUPPRESSION_LIST, "hard_bounce"));
            assertThat(((Decision.Suppress) decide(recipient, Channel.EMAIL, "orders", false, null)).reasonText())
                    .isEqualTo("suppression_list: hard_bounce");
            assertThat(decide(recipient, Channel.SMS, "orders", false, null)).isInstanceOf(Decision.Deliver.class);
        }

        @Test
        void matchesEmailAddressesWithoutRegardToCase() {
            Recipient recipient = with(reachableEverywhere("u-1"), Preferences.DEFAULTS,
                    suppressed(Channel.EMAIL, "U-1@Example.COM", "hard_bounce"));

            assertThat(decide(recipient, Channel.EMAIL, "orders", false, null)).isInstanceOf(Decision.Suppress.class);
        }

        @Test
        void isNotBypassedByCriticalEvents() {
            Recipient recipient = with(reachableEverywhere("u-1"), Preferences.DEFAULTS,
                    suppressed(Channel.SMS, "+14155550100", "invalid_number"));

            assertThat(decide(recipient, Channel.SMS, "security", true, null))
                    .isEqualTo(new Decision.Suppress(SuppressionReason.SUPPRESSION_LIST, "invalid_number"));
        }

        @Test
        void dropsOnlyTheSuppressedPushTokens() {
            Recipient recipient = with(reachableEverywhere("u-1"), Preferences.DEFAULTS,
                    suppressed(Channel.PUSH, "token-a", "unregistered_token"));

            assertThat(decide(recipient, Channel.PUSH, "orders", false, null)).isEqualTo(new Decision.Deliver("token-b"));
        }

        @Test
        void suppressesPushWhenEveryTokenIsSuppressed() {
            Map<String, String> both = Map.of(SuppressedAddresses.key(Channel.PUSH, "token-a"), "unregistered_token",
                    SuppressedAddresses.key(Channel.PUSH, "token-b"), "unregistered_token");

            assertThat(decide(with(reachableEverywhere("u-1"), Preferences.DEFAULTS, both), Channel.PUSH, "orders", false, null))
                    .isEqualTo(new Decision.Suppress(SuppressionReason.SUPPRESSION_LIST, "unregistered_token"));
        }

        @Test
        void comesAfterTheContactPointAndBeforeTheOptOuts() {
            Recipient noPhone = with(emailOnly("u-1"), Preferences.DEFAULTS, suppressed(Channel.SMS, "+14155550100", "x"));
            assertThat(decide(noPhone, Channel.SMS, "orders", false, null))
                    .isEqualTo(new Decision.Suppress(SuppressionReason.NO_CONTACT_POINT));

            Recipient switchedOff = with(reachableEverywhere("u-1"),
                    new Preferences(Map.of(Channel.EMAIL, false), Map.of(), null, true),
                    suppressed(Channel.EMAIL, "u-1@example.com", "spam_report"));
            assertThat(decide(switchedOff, Channel.EMAIL, "orders", false, null))
                    .isEqualTo(new Decision.Suppress(SuppressionReason.SUPPRESSION_LIST, "spam_report"));
        }
    }

    @Nested
    class UnsubscribedFromAll {

        private final Recipient recipient = with(reachableEverywhere("u-1"),
                new Preferences(Map.of(), Map.of(), null, true), Map.of());

        @Test
        void suppressesEveryChannel() {
            for (Channel channel : Channel.values()) {
                assertThat(decide(recipient, channel, "orders", false, null))
                        .isEqualTo(new Decision.Suppress(SuppressionReason.UNSUBSCRIBED_ALL));
            }
        }

        @Test
        void isBypassedByCriticalEvents() {
            assertThat(decide(recipient, Channel.EMAIL, "security", true, null)).isInstanceOf(Decision.Deliver.class);
        }

        @Test
        void isReportedBeforeTheChannelSwitch() {
            Recipient both = with(reachableEverywhere("u-1"),
                    new Preferences(Map.of(Channel.EMAIL, false), Map.of(), null, true), Map.of());

            assertThat(decide(both, Channel.EMAIL, "orders", false, null))
                    .isEqualTo(new Decision.Suppress(SuppressionReason.UNSUBSCRIBED_ALL));
        }
    }

    @Nested
    class TenantCategoryDefault {

        @Test
        void suppressesAChannelTheTenantHasOffByDefault() {
            Recipient recipient = with(reachableEverywhere("u-1"), Preferences.DEFAULTS, Map.of());

            assertThat(decide(recipient, Channel.SMS, "marketing", false, MARKETING_NO_SMS))
                    .isEqualTo(new Decision.Suppress(SuppressionReason.CATEGORY_DEFAULT_OFF));
            assertThat(decide(recipient, Channel.EMAIL, "marketing", false, MARKETING_NO_SMS))
                    .isInstanceOf(Decision.Deliver.class);
        }

        @Test
        void yieldsToTheUsersOwnChoice() {
            Recipient optedIn = with(reachableEverywhere("u-1"),
                    new Preferences(Map.of(), Map.of("marketing", Map.of(Channel.SMS, true)), null), Map.of());

            assertThat(decide(optedIn, Channel.SMS, "marketing", false, MARKETING_NO_SMS)).isInstanceOf(Decision.Deliver.class);
        }

        @Test
        void comesAfterTheUsersCategoryChoice() {
            Recipient optedOut = with(reachableEverywhere("u-1"),
                    new Preferences(Map.of(), Map.of("marketing", Map.of(Channel.SMS, false)), null), Map.of());

            assertThat(decide(optedOut, Channel.SMS, "marketing", false, MARKETING_NO_SMS))
                    .isEqualTo(new Decision.Suppress(SuppressionReason.CATEGORY_DISABLED));
        }

        @Test
        void isBypassedByCriticalEvents() {
            Recipient recipient = with(reachableEverywhere("u-1"), Preferences.DEFAULTS, Map.of());

            assertThat(decide(recipient, Channel.SMS, "marketing", true, MARKETING_NO_SMS)).isInstanceOf(Decision.Deliver.class);
        }
    }

    @Nested
    class QuietHoursRule {

        private Recipient quietIn(String zone, QuietHours quietHours) {
            UserProfile user = reachableEverywhere("u-1");
            UserProfile zoned = new UserProfile(user.userId(), user.email(), user.phone(), user.locale(), zone,
                    user.pushTokens(), user.slack(), user.createdAt(), user.updatedAt());
            return with(zoned, new Preferences(Map.of(), Map.of(), quietHours), Map.of());
        }

        @Test
        void defersToTheEndOfTheWindowInTheUsersTimeZone() {
            // 14:00 in Paris is inside 13:00-18:00; it ends at 18:00 Paris = 16:00 UTC.
            assertThat(decide(quietIn("Europe/Paris", AFTERNOON), Channel.EMAIL, "orders", false, null))
                    .isEqualTo(new Decision.Defer("u-1@example.com", Instant.parse("2025-06-01T16:00:00Z")));
        }

        @Test
        void deliversOutsideTheWindowInTheUsersTimeZone() {
            // 12:00 UTC is 08:00 in New York, outside 13:00-18:00 there.
            assertThat(decide(quietIn("America/New_York", AFTERNOON), Channel.EMAIL, "orders", false, null))
                    .isInstanceOf(Decision.Deliver.class);
        }

        @Test
        void readsAUserWithoutTimeZoneInTheDefaultZone() {
            Recipient recipient = quietIn(null, AFTERNOON);

            assertThat(decide(recipient, Channel.EMAIL, "orders", false, null)).isInstanceOf(Decision.Deliver.class);
            PreferencePolicy inParis = PreferencePolicy.standard(ZoneId.of("Europe/Paris"));
            assertThat(inParis.decide(new DecisionInput("orders", false, Channel.EMAIL, recipient, NOON_UTC)))
                    .isInstanceOf(Decision.Defer.class);
        }

        @Test
        void neverHoldsACriticalEvent() {
            assertThat(decide(quietIn("Europe/Paris", AFTERNOON), Channel.SMS, "security", true, null))
                    .isEqualTo(new Decision.Deliver("+14155550100"));
        }

        @Test
        void comesLastSoAnOptOutSuppressesRatherThanDefers() {
            UserProfile user = reachableEverywhere("u-1");
            Recipient recipient = with(user, new Preferences(Map.of(), Map.of("orders", Map.of(Channel.EMAIL, false)),
                    AFTERNOON), Map.of());

            assertThat(decide(recipient, Channel.EMAIL, "orders", false, null))
                    .isEqualTo(new Decision.Suppress(SuppressionReason.CATEGORY_DISABLED));
        }

        @Test
        void defersToTheRemainingTokensOfAPartlySuppressedPushAddress() {
            UserProfile user = reachableEverywhere("u-1");
            Recipient recipient = new Recipient(user, new Preferences(Map.of(), Map.of(), new QuietHours(LocalTime.of(13, 0),
                    LocalTime.of(15, 0))), new SuppressedAddresses(suppressed(Channel.PUSH, "token-b", "unregistered_token")));

            assertThat(decide(recipient, Channel.PUSH, "orders", false, null))
                    .isEqualTo(new Decision.Defer("token-a", Instant.parse("2025-06-01T13:00:00Z")));
        }
    }
}
