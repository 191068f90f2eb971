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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** One event from the HTTP API to a sandbox email and to {@code sent} in the tracker, through the real processes. */
@ExtendWith(HeraldPlatform.class)
class WalkingSkeletonTest {

    private static RequestSpecification api(String baseUri) {
        return given().baseUri(baseUri).header("Authorization", "Bearer " + HeraldPlatform.API_KEY)
                .contentType(ContentType.JSON);
    }

    private static String newUser(String email) {
        String userId = "u-" + UUID.randomUUID();
        api(HeraldPlatform.filter()).body(Map.of("email", email, "locale", "en"))
                .when().put("/v1/users/" + userId)
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
        return userId;
    }

    private static List<Map<String, Object>> sandboxEmailsTo(String address) {
        return given().baseUri(HeraldPlatform.sandbox()).queryParam("channel", "email").queryParam("to", address)
                .when().get("/sandbox/messages")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void eventBecomesARenderedSandboxEmailAndSentInTheTracker() {
        String address = "ada+" + UUID.randomUUID() + "@example.com";
        String userId = newUser(address);

        String eventId = api(HeraldPlatform.ingress())
                .body("""
                        {"type": "order.shipped", "category": "orders", "recipients": ["%s"],
                         "data": {"orderId": "A-1789", "carrier": "Parcel & Co"}, "channels": ["email"]}""".formatted(userId))
                .when().post("/v1/events")
                .then().statusCode(202).body("recipients", equalTo(1))
                .extract().path("eventId");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sandboxEmailsTo(address)).hasSize(1));
        Map<String, Object> email = sandboxEmailsTo(address).get(0);
        assertThat((String) email.get("body")).contains("A-1789");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath event = api(HeraldPlatform.tracker()).when().get("/v1/events/" + eventId)
                    .then().statusCode(200).extract().jsonPath();
            // sent, and then delivered once the sandbox's signed SendGrid webhook arrives
            assertThat(event.getList("notifications.state")).singleElement().isIn("sent", "delivered");
            assertThat(event.getString("notifications[0].providerMessageId")).isEqualTo(email.get("providerMessageId"));
        });
    }

    @Test
    void unknownRecipientIsSuppressedWithItsReason() {
        String eventId = api(HeraldPlatform.ingress())
                .body("{\"type\": \"order.shipped\", \"recipients\": [\"nobody-" + UUID.randomUUID() + "\"], \"channels\": [\"email\"]}")
                .when().post("/v1/events")
                .then().statusCode(202).extract().path("eventId");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                api(HeraldPlatform.tracker()).when().get("/v1/events/" + eventId)
                        .then().statusCode(200)
                        .body("notifications.state", hasItem("suppressed"))
                        .body("notifications.reason", hasItem("unknown_user")));
    }

    @Test
    void retriedRequestWithTheSameIdempotencyKeySendsOneEmail() {
        String address = "grace+" + UUID.randomUUID() + "@example.com";
        String userId = newUser(address);
        String body = "{\"type\": \"order.shipped\", \"recipients\": [\"" + userId + "\"], \"data\": {\"orderId\": \"B-2\"}}";
        String key = UUID.randomUUID().toString();

        String first = api(HeraldPlatform.ingress()).header("Idempotency-Key", key).body(body)
                .when().post("/v1/events").then().statusCode(202).extract().path("eventId");
        api(HeraldPlatform.ingress()).header("Idempotency-Key", key).body(body)
                .when().post("/v1/events").then().statusCode(202).body("eventId", equalTo(first));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                api(HeraldPlatform.tracker()).when().get("/v1/events/" + first)
                        .then().statusCode(200).body("notifications.find { it.channel == 'email' }.state",
                                org.hamcrest.Matchers.oneOf("sent", "delivered")));
        assertThat(sandboxEmailsTo(address)).hasSize(1);
    }

    @Test
    void badInputIsAProblemAndUnauthenticatedCallsAreRefused() {
        api(HeraldPlatform.ingress()).body("{\"type\": \"order.shipped\", \"recipients\": \"u-1\"}")
                .when().post("/v1/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("recipients"));
        given().baseUri(HeraldPlatform.ingress()).contentType(ContentType.JSON)
                .body("{\"type\": \"order.shipped\", \"recipients\": [\"u-1\"]}")
                .when().post("/v1/events")
                .then().statusCode(401).contentType("application/problem+json");
        given().baseUri(HeraldPlatform.tracker())
                .when().get("/v1/events/" + UUID.randomUUID())
                .then().statusCode(401);
    }
}
