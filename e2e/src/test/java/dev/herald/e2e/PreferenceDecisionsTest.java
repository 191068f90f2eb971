package dev.herald.e2e;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.herald.e2e.PlatformApi.SENT;
import static dev.herald.e2e.PlatformApi.api;
import static dev.herald.e2e.PlatformApi.awaitNotification;
import static dev.herald.e2e.PlatformApi.historyReason;
import static dev.herald.e2e.PlatformApi.publish;
import static dev.herald.e2e.PlatformApi.putPreferences;
import static dev.herald.e2e.PlatformApi.putUser;
import static dev.herald.e2e.PlatformApi.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preference filter's decisions through the real processes, each seen where a tenant sees it: the notification's
 * state and reason in the tracker and its history, and what reached the providers (the sandbox). A suppressed
 * notification never reaches a provider; the other channels of the same event are still sent.
 */
@ExtendWith(HeraldPlatform.class)
class PreferenceDecisionsTest {

    private static final List<String> SUPPRESSED = List.of("suppressed");

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String email = "pref+" + suffix + "@example.com";
    private final String phone = "+4479" + String.format("%08d", Math.floorMod(suffix.hashCode(), 100_000_000));

    private Map<String, Object> event(String category, List<String> recipients, List<String> channels) {
        return Map.of("type", "order.shipped", "category", category, "recipients", recipients, "channels", channels,
                "data", Map.of("orderId", "P-" + suffix));
    }

    @Test
    void aChannelSwitchedOffIsSuppressedWithItsReasonWhileTheOtherChannelIsSent() {
        String userId = "switch-" + suffix;
        putUser(userId, Map.of("email", email, "phone", phone));
        putPreferences(userId, Map.of("channels", Map.of("sms", false)));

        String eventId = publish(event("orders", List.of(userId), List.of("email", "sms")));

        JsonPath sms = awaitNotification(eventId, userId, "sms", SUPPRESSED);
        assertThat(sms.getString("reason")).isEqualTo("channel_disabled");
        assertThat(historyReason(sms, "suppressed")).isEqualTo("channel_disabled");
        assertThat(sms.getList("history.state")).containsExactly("suppressed");
        JsonPath mail = awaitNotification(eventId, userId, "email", SENT);
        assertThat(historyReason(mail, "queued")).as("a plain dispatch has no reason").isNull();

        assertThat(sandbox("email", email)).hasSize(1);
        assertThat(sandbox("sms", phone)).isEmpty();
    }

    @Test
    void aCategoryChannelChoiceSuppressesOnlyThatCategoryOnThatChannel() {
        String userId = "choice-" + suffix;
        putUser(userId, Map.of("email", email, "phone", phone));
        putPreferences(userId, Map.of("categories", Map.of("marketing", Map.of("sms", false))));

        String marketing = publish(event("marketing", List.of(userId), List.of("email", "sms")));
        JsonPath sms = awaitNotification(marketing, userId, "sms", SUPPRESSED);
        assertThat(sms.getString("reason")).isEqualTo("category_disabled");
        assertThat(historyReason(sms, "suppressed")).isEqualTo("category_disabled");
        awaitNotification(marketing, userId, "email", SENT);
        assertThat(sandbox("sms", phone)).isEmpty();

        // the same user still gets SMS of another category
        String orders = publish(event("orders", List.of(userId), List.of("sms")));
        awaitNotification(orders, userId, "sms", SENT);
        assertThat(sandbox("sms", phone)).singleElement()
                .satisfies(message -> assertThat((String) message.get("body")).contains("P-" + suffix));
        assertThat(sandbox("email", email)).hasSize(1);
    }

    @Test
    void aTenantCategoryDefaultOffSuppressesUnlessTheUserSwitchedTheChannelOnForTheCategory() {
        String category = "promo-" + suffix;
        api(HeraldPlatform.filter()).body(Map.of("channels", Map.of("sms", false), "label", "Promotions"))
                .when().put("/v1/tenant/categories/" + category)
                .then().statusCode(201);
        String follower = "default-" + suffix;
        String chooser = "optin-" + suffix;
        String chooserPhone = "+4478" + String.format("%08d", Math.floorMod(chooser.hashCode(), 100_000_000));
        putUser(follower, Map.of("email", email, "phone", phone));
        putUser(chooser, Map.of("phone", chooserPhone));
        putPreferences(chooser, Map.of("categories", Map.of(category, Map.of("sms", true))));

        String eventId = publish(event(category, List.of(follower, chooser), List.of("email", "sms")));

        JsonPath followed = awaitNotification(eventId, follower, "sms", SUPPRESSED);
        assertThat(followed.getString("reason")).isEqualTo("category_default_off");
        assertThat(historyReason(followed, "suppressed")).isEqualTo("category_default_off");
        awaitNotification(eventId, follower, "email", SENT);
        // DESIGN.md: the tenant's default applies only where the user made no choice; an explicit "on" wins
        awaitNotification(eventId, chooser, "sms", SENT);
        JsonPath noEmail = awaitNotification(eventId, chooser, "email", SUPPRESSED);
        assertThat(noEmail.getString("reason")).isEqualTo("no_contact_point");

        assertThat(sandbox("sms", phone)).isEmpty();
        assertThat(sandbox("sms", chooserPhone)).hasSize(1);
        assertThat(sandbox("email", email)).hasSize(1);
    }

    @Test
    void aCriticalEventBypassesOptOutsButNotAMissingContactPoint() {
        String userId = "critical-" + suffix;
        putUser(userId, Map.of("email", email));
        putPreferences(userId, Map.of("channels", Map.of("email", false, "sms", false)));

        String routine = publish(event("security", List.of(userId), List.of("email")));
        JsonPath optedOut = awaitNotification(routine, userId, "email", SUPPRESSED);
        assertThat(optedOut.getString("reason")).isEqualTo("channel_disabled");

        String critical = publish(Map.of("type", "password.reset", "category", "security", "critical", true,
                "recipients", List.of(userId), "channels", List.of("email", "sms"), "data", Map.of("code", "C-" + suffix)));

        JsonPath mail = awaitNotification(critical, userId, "email", SENT);
        assertThat(historyReason(mail, "queued")).isEqualTo("critical_bypass: channel_disabled");
        JsonPath sms = awaitNotification(critical, userId, "sms", SUPPRESSED);
        assertThat(sms.getString("reason")).isEqualTo("no_contact_point");
        assertThat(historyReason(sms, "suppressed")).isEqualTo("no_contact_point");

        assertThat(sandbox("email", email)).singleElement().satisfies(message -> {
            assertThat((String) message.get("body")).contains("C-" + suffix);
            // nobody can unsubscribe from what is critical: no List-Unsubscribe header
            assertThat(message.get("headers")).isNull();
        });
    }

    @Test
    void aCategoryTheTenantMarksCriticalBypassesOptOutsWithoutTheEventSayingSo() {
        String category = "alerts-" + suffix;
        api(HeraldPlatform.filter()).body(Map.of("critical", true, "label", "Account alerts"))
                .when().put("/v1/tenant/categories/" + category)
                .then().statusCode(201);
        String userId = "alerted-" + suffix;
        putUser(userId, Map.of("email", email));
        putPreferences(userId, Map.of("categories", Map.of(category, Map.of("email", false))));

        String eventId = publish(event(category, List.of(userId), List.of("email")));

        JsonPath mail = awaitNotification(eventId, userId, "email", SENT);
        assertThat(historyReason(mail, "queued")).isEqualTo("critical_bypass: category_disabled");
        assertThat(sandbox("email", email)).hasSize(1);
    }

    @Test
    void anAddressOnTheSuppressionListIsNotUsedEvenForACriticalEvent() {
        String userId = "listed-" + suffix;
        putUser(userId, Map.of("email", email, "phone", phone));
        api(HeraldPlatform.filter()).body(Map.of("channel", "email", "address", email))
                .when().post("/v1/suppressions")
                .then().statusCode(201);

        String eventId = publish(Map.of("type", "password.reset", "category", "security", "critical", true,
                "recipients", List.of(userId), "channels", List.of("email", "sms"), "data", Map.of("code", "L-" + suffix)));

        JsonPath mail = awaitNotification(eventId, userId, "email", SUPPRESSED);
        assertThat(mail.getString("reason")).isEqualTo("suppression_list: manual");
        assertThat(historyReason(mail, "suppressed")).isEqualTo("suppression_list: manual");
        awaitNotification(eventId, userId, "sms", SENT);
        assertThat(sandbox("email", email)).isEmpty();
        assertThat(sandbox("sms", phone)).hasSize(1);
    }

    @Test
    void unsubscribingFromEverythingSuppressesEveryChannel() {
        String userId = "gone-" + suffix;
        putUser(userId, Map.of("email", email, "phone", phone));
        putPreferences(userId, Map.of("unsubscribedAll", true));

        String eventId = publish(event("orders", List.of(userId), List.of("email", "sms")));

        for (String channel : List.of("email", "sms")) {
            JsonPath notification = awaitNotification(eventId, userId, channel, SUPPRESSED);
            assertThat(notification.getString("reason")).isEqualTo("unsubscribed_all");
            assertThat(historyReason(notification, "suppressed")).isEqualTo("unsubscribed_all");
        }
        assertThat(sandbox("email", email)).isEmpty();
        assertThat(sandbox("sms", phone)).isEmpty();
    }
}
