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
import static dev.herald.e2e.PlatformApi.putUser;
import static dev.herald.e2e.PlatformApi.sandbox;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * RFC 8058 one-click unsubscribe the way a mail client does it: the URL in the {@code List-Unsubscribe} header of the
 * email the provider received, POSTed with {@code List-Unsubscribe=One-Click} and no other credential. It switches
 * that category off by email, and by email alone.
 */
@ExtendWith(HeraldPlatform.class)
class OneClickUnsubscribeTest {

    @Test
    void theListUnsubscribeLinkOfAnEmailSwitchesItsCategoryOffByEmail() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String userId = "reader-" + suffix;
        String email = "reader+" + suffix + "@example.com";
        String phone = "+4477" + String.format("%08d", Math.floorMod(suffix.hashCode(), 100_000_000));
        putUser(userId, Map.of("email", email, "phone", phone));

        String first = publish(newsletter(userId, suffix, List.of("email")));
        awaitNotification(first, userId, "email", SENT);
        Map<String, Object> received = sandbox("email", email).getFirst();
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) received.get("headers");
        // RFC 8058 allows the one-click form over HTTPS only: this platform's plain-HTTP link goes out without
        // List-Unsubscribe-Post, and a client POSTing to it anyway is still honoured
        assertThat(headers).doesNotContainKey("List-Unsubscribe-Post");
        String header = headers.get("List-Unsubscribe");
        assertThat(header).startsWith("<" + HeraldPlatform.filter() + "/unsubscribe?token=").endsWith(">");
        String url = header.substring(1, header.length() - 1);

        given().urlEncodingEnabled(false).contentType("application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click")
                .when().post(url)
                .then().statusCode(200);

        api(HeraldPlatform.filter()).when().get("/v1/users/" + userId + "/preferences")
                .then().statusCode(200)
                .body("categories.newsletter.email", equalTo(false))
                .body("channels.email", equalTo(true));

        String next = publish(newsletter(userId, suffix, List.of("email", "sms")));
        JsonPath mail = awaitNotification(next, userId, "email", List.of("suppressed"));
        assertThat(mail.getString("reason")).isEqualTo("category_disabled");
        assertThat(historyReason(mail, "suppressed")).isEqualTo("category_disabled");
        awaitNotification(next, userId, "sms", SENT);
        assertThat(sandbox("email", email)).hasSize(1);
        assertThat(sandbox("sms", phone)).hasSize(1);
    }

    private static Map<String, Object> newsletter(String userId, String suffix, List<String> channels) {
        return Map.of("type", "newsletter.weekly", "category", "newsletter", "recipients", List.of(userId),
                "channels", channels, "data", Map.of("issue", "N-" + suffix));
    }
}
