package dev.herald.e2e;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Provider feedback through the real processes: the sandbox's signed SendGrid webhook reports a hard bounce, the
 * tracker records {@code bounced} and feeds the address to the suppression list, and the next event to it is
 * {@code suppressed}.
 */
@ExtendWith(HeraldPlatform.class)
class DeliveryFeedbackTest {

    private static RequestSpecification api(String baseUri) {
        return given().baseUri(baseUri).header("Authorization", "Bearer " + HeraldPlatform.API_KEY)
                .contentType(ContentType.JSON);
    }

    private static String publish(String userId) {
        return api(HeraldPlatform.ingress())
                .body("{\"type\": \"order.shipped\", \"recipients\": [\"" + userId + "\"], \"channels\": [\"email\"], \"data\": {\"orderId\": \"D-1\"}}")
                .when().post("/v1/events")
                .then().statusCode(202).extract().path("eventId");
    }

    @Test
    void aHardBounceIsRecordedAndTheNextEmailToThatAddressIsSuppressed() {
        String userId = "bouncy-" + UUID.randomUUID();
        api(HeraldPlatform.filter()).body(Map.of("email", "bounce+" + UUID.randomUUID() + "@example.com"))
                .when().put("/v1/users/" + userId).then().statusCode(201);

        String first = publish(userId);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                api(HeraldPlatform.tracker()).when().get("/v1/events/" + first)
                        .then().statusCode(200).body("notifications[0].state", equalTo("bounced")));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String next = publish(userId);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    api(HeraldPlatform.tracker()).when().get("/v1/events/" + next)
                            .then().statusCode(200)
                            .body("notifications[0].state", equalTo("suppressed"))
                            .body("notifications[0].reason", startsWith("suppression_list")));
        });
    }
}
