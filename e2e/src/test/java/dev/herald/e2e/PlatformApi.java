package dev.herald.e2e;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The public APIs of the platform {@link HeraldPlatform} started, as a tenant's backend and an end user use them. */
final class PlatformApi {

    /** States of a notification the provider accepted: {@code delivered} follows {@code sent} when a webhook says so. */
    static final List<String> SENT = List.of("sent", "delivered");

    private PlatformApi() {
    }

    static RequestSpecification api(String baseUri) {
        return given().baseUri(baseUri).header("Authorization", "Bearer " + HeraldPlatform.API_KEY)
                .contentType(ContentType.JSON);
    }

    static void putUser(String userId, Map<String, ?> user) {
        api(HeraldPlatform.filter()).body(user).when().put("/v1/users/" + userId)
                .then().statusCode(201);
    }

    static void putPreferences(String userId, Map<String, ?> preferences) {
        api(HeraldPlatform.filter()).body(preferences).when().put("/v1/users/" + userId + "/preferences")
                .then().statusCode(200);
    }

    /** POST /v1/events; answers the event id. */
    static String publish(Map<String, ?> event) {
        return api(HeraldPlatform.ingress()).body(event).when().post("/v1/events")
                .then().statusCode(202).extract().path("eventId");
    }

    /**
     * Waits until the tracker shows the event's notification on {@code channel} in one of {@code states}, then
     * answers that notification with its history ({@code GET /v1/notifications/{id}}).
     */
    static JsonPath awaitNotification(String eventId, String userId, String channel, Duration atMost,
            List<String> states) {
        String[] notificationId = new String[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonPath event = api(HeraldPlatform.tracker()).when().get("/v1/events/" + eventId)
                    .then().statusCode(200).extract().jsonPath();
            String path = "notifications.find { it.userId == '%s' && it.channel == '%s' }".formatted(userId, channel);
            assertThat(event.getString(path + ".state")).as("%s of %s", channel, userId).isIn(states);
            notificationId[0] = event.getString(path + ".notificationId");
        });
        return api(HeraldPlatform.tracker()).when().get("/v1/notifications/" + notificationId[0])
                .then().statusCode(200).extract().jsonPath();
    }

    static JsonPath awaitNotification(String eventId, String userId, String channel, List<String> states) {
        return awaitNotification(eventId, userId, channel, Duration.ofSeconds(60), states);
    }

    /** The {@code detail} of the notification's history entry in {@code state} (the decision's reason is in it). */
    static String historyDetail(JsonPath notification, String state) {
        List<Map<String, Object>> entries = notification.getList("history.findAll { it.state == '%s' }".formatted(state));
        assertThat(entries).as("history entries in state %s: %s", state, notification.getList("history"))
                .isNotEmpty();
        return (String) entries.getFirst().get("detail");
    }

    /**
     * The decision's reason recorded with the notification's history entry in {@code state}. The filter publishes its
     * {@code queued} status only once the broker confirmed the dispatch, so a fast channel's {@code sent} can reach
     * the tracker first; the tracker then keeps the {@code queued} as a late update, its detail prefixed
     * {@code late: already sent; }. The reason is what follows.
     */
    static String historyReason(JsonPath notification, String state) {
        String detail = historyDetail(notification, state);
        if (detail == null || !detail.startsWith("late: already ")) {
            return detail;
        }
        int separator = detail.indexOf("; ");
        return separator < 0 ? null : detail.substring(separator + 2);
    }

    /** What the provider sandbox received on {@code channel} for {@code to}. */
    static List<Map<String, Object>> sandbox(String channel, String to) {
        return given().baseUri(HeraldPlatform.sandbox()).queryParam("channel", channel).queryParam("to", to)
                .when().get("/sandbox/messages")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }
}
