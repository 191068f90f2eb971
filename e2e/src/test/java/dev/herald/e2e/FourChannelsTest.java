package dev.herald.e2e;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One event for a user reachable on every channel: each address gets exactly one message through its provider's
 * real SDK (into the sandbox), and every notification ends {@code sent} in the tracker, or {@code delivered} where
 * the provider's signed webhook says so.
 */
@ExtendWith(HeraldPlatform.class)
class FourChannelsTest {

    private static RequestSpecification api(String baseUri) {
        return given().baseUri(baseUri).header("Authorization", "Bearer " + HeraldPlatform.API_KEY)
                .contentType(ContentType.JSON);
    }

    private static List<Map<String, Object>> sandbox(String channel, String to) {
        return given().baseUri(HeraldPlatform.sandbox()).queryParam("channel", channel).queryParam("to", to)
                .when().get("/sandbox/messages")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void oneEventReachesEveryAddressOnceAndEveryNotificationIsSent() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String userId = "all-" + suffix;
        String email = "lin+" + suffix + "@example.com";
        String phone = "+4479" + String.format("%08d", Math.abs(suffix.hashCode()) % 100_000_000);
        String tokenA = "device-a-" + suffix;
        String tokenB = "device-b-" + suffix;
        String slackChannel = "C" + suffix.toUpperCase();
        api(HeraldPlatform.filter())
                .body(Map.of("email", email, "phone", phone, "locale", "de-AT", "timezone", "Europe/Vienna",
                        "pushTokens", List.of(tokenA, tokenB), "slack", Map.of("channel", slackChannel)))
                .when().put("/v1/users/" + userId)
                .then().statusCode(201);

        String eventId = api(HeraldPlatform.ingress())
                .body("""
                        {"type": "order.shipped", "category": "orders", "recipients": ["%s"],
                         "data": {"orderId": "C-3141"}}""".formatted(userId))
                .when().post("/v1/events")
                .then().statusCode(202)
                .extract().path("eventId");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath event = api(HeraldPlatform.tracker()).when().get("/v1/events/" + eventId)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(event.getList("notifications.channel")).containsExactlyInAnyOrder("email", "sms", "push", "slack");
            // email and SMS go on to delivered through the providers' signed webhooks; push and Slack report no more
            assertThat(event.getString("notifications.find { it.channel == 'email' }.state")).isEqualTo("delivered");
            assertThat(event.getString("notifications.find { it.channel == 'sms' }.state")).isEqualTo("delivered");
            assertThat(event.getString("notifications.find { it.channel == 'push' }.state")).isEqualTo("sent");
            assertThat(event.getString("notifications.find { it.channel == 'slack' }.state")).isEqualTo("sent");
        });

        assertThat(sandbox("email", email)).singleElement()
                .satisfies(message -> assertThat((String) message.get("body")).contains("C-3141"));
        assertThat(sandbox("sms", phone)).singleElement()
                .satisfies(message -> assertThat((String) message.get("body")).contains("C-3141"));
        assertThat(sandbox("push", tokenA)).hasSize(1);
        assertThat(sandbox("push", tokenB)).hasSize(1);
        assertThat(sandbox("slack", slackChannel)).singleElement()
                .satisfies(message -> assertThat((String) message.get("body")).contains("C-3141"));
    }
}
