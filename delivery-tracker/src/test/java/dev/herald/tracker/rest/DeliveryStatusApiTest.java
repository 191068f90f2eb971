package dev.herald.tracker.rest;

import dev.herald.auth.ApiKeyStore;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.messaging.ConfirmingPublisher;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.herald.common.contract.Channel.EMAIL;
import static dev.herald.common.contract.Channel.SMS;
import static dev.herald.common.contract.NotificationState.QUEUED;
import static dev.herald.common.contract.NotificationState.SENT;
import static dev.herald.tracker.TrackerFixtures.api;
import static dev.herald.tracker.TrackerFixtures.event;
import static dev.herald.tracker.TrackerFixtures.publish;
import static dev.herald.tracker.TrackerFixtures.status;
import static dev.herald.tracker.TrackerFixtures.uniqueUser;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delivery-status API: authentication, tenant confinement, errors, listing and pagination. */
@QuarkusTest
class DeliveryStatusApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    ApiKeyStore keys;

    @Test
    void unknownEventIsNotFoundAsProblem() {
        api().get("/v1/events/{id}", UUID.randomUUID()).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not found"));
        api().get("/v1/notifications/{id}", UUID.randomUUID()).then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void invalidIdIsBadRequestAsProblem() {
        api().get("/v1/events/not-a-uuid").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("eventId"));
        api().get("/v1/notifications/1-2-3-4-5").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("notificationId"));
    }

    @Test
    void missingOrUnknownKeyIsUnauthorized() {
        RestAssured.given().get("/v1/events/{id}", UUID.randomUUID()).then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        api("hk_unknown").get("/v1/notifications").then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void anotherTenantCannotSeeTheDefaultTenantsNotifications() throws Exception {
        UUID eventId = UUID.randomUUID();
        String user = uniqueUser("erin");
        UUID notificationId = NotificationIds.notificationId(eventId, user, EMAIL);
        publish(publisher, event(eventId, List.of(user)));
        publish(publisher, status(eventId, user, EMAIL, QUEUED, 0));
        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/events/{id}", eventId).then()
                .statusCode(200).body("type", equalTo("order.shipped")).body("notifications", hasSize(1)));

        String otherKey = keys.create("other-tenant", "test").await().atMost(Duration.ofSeconds(10));

        api(otherKey).get("/v1/events/{id}", eventId).then()
                .statusCode(404).contentType("application/problem+json");
        api(otherKey).get("/v1/notifications/{id}", notificationId).then()
                .statusCode(404).contentType("application/problem+json");
        api(otherKey).queryParam("eventId", eventId.toString()).get("/v1/notifications").then()
                .statusCode(200).body("items", hasSize(0)).body("nextCursor", nullValue());
        api(otherKey).queryParam("userId", user).get("/v1/notifications").then()
                .statusCode(200).body("items", hasSize(0));
    }

    @Test
    void listsWithFiltersAndPagesThroughWithTheCursor() throws Exception {
        UUID eventId = UUID.randomUUID();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add(uniqueUser("user" + i));
        }
        publish(publisher, event(eventId, users));
        for (String user : users) {
            publish(publisher, status(eventId, user, EMAIL, QUEUED, 0));
            publish(publisher, status(eventId, user, SMS, QUEUED, 0));
            publish(publisher, status(eventId, user, EMAIL, SENT, 1, "sendgrid", "sg-" + user, null));
        }
        await().atMost(PATIENCE).untilAsserted(() -> api().queryParam("eventId", eventId.toString())
                .queryParam("state", "sent").get("/v1/notifications").then()
                .statusCode(200).body("items", hasSize(5)));

        Set<String> seen = new HashSet<>();
        List<JsonPath> pages = new ArrayList<>();
        String cursor = null;
        do {
            var request = api().queryParam("eventId", eventId.toString()).queryParam("limit", 4);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/v1/notifications").then().statusCode(200).extract().jsonPath();
            pages.add(page);
            List<String> ids = page.getList("items.notificationId");
            ids.forEach(id -> assertTrue(seen.add(id), "seen twice: " + id));
            cursor = page.getString("nextCursor");
        } while (cursor != null && pages.size() < 10);

        assertEquals(List.of(4, 4, 2), pages.stream().map(page -> page.getList("items").size()).toList());
        assertEquals(10, seen.size());
        assertNull(pages.get(2).getString("nextCursor"));
        List<Instant> createdAt = pages.stream()
                .flatMap(page -> page.<String>getList("items.createdAt").stream()).map(Instant::parse).toList();
        for (int i = 1; i < createdAt.size(); i++) {
            assertFalse(createdAt.get(i).isAfter(createdAt.get(i - 1)), "newest first");
        }

        api().queryParam("eventId", eventId.toString()).queryParam("channel", "sms").get("/v1/notifications").then()
                .statusCode(200)
                .body("items", hasSize(5))
                .body("items.channel", everyItem(equalTo("sms")))
                .body("items.state", everyItem(equalTo("queued")));
        api().queryParam("eventId", eventId.toString()).queryParam("state", "sent").get("/v1/notifications").then()
                .statusCode(200)
                .body("items", hasSize(5))
                .body("items.channel", everyItem(equalTo("email")))
                .body("items.providerMessageId", everyItem(startsWith("sg-")));
        api().queryParam("userId", users.get(2)).get("/v1/notifications").then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("items.notificationId", containsInAnyOrder(
                        NotificationIds.notificationId(eventId, users.get(2), EMAIL).toString(),
                        NotificationIds.notificationId(eventId, users.get(2), Channel.SMS).toString()));
        api().queryParam("userId", users.get(2)).queryParam("channel", "email").queryParam("state", "sent")
                .get("/v1/notifications").then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].providerMessageId", equalTo("sg-" + users.get(2)));
    }

    @Test
    void invalidListingParametersAreReportedTogether() {
        api().queryParam("limit", 0).queryParam("channel", "fax").queryParam("state", "lost")
                .queryParam("eventId", "xyz").queryParam("cursor", "not-a-cursor")
                .get("/v1/notifications").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("limit", "channel", "state", "eventId", "cursor"));
        api().queryParam("limit", 501).get("/v1/notifications").then()
                .statusCode(400).body("errors.field", containsInAnyOrder("limit"));
        api().queryParam("limit", "ten").get("/v1/notifications").then()
                .statusCode(400).body("errors.field", containsInAnyOrder("limit"));
    }

    @Test
    void readinessCoversTheDatabaseAndTheBroker() {
        RestAssured.given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("rabbitmq-publisher"))
                .body("checks.name", hasItem(org.hamcrest.Matchers.containsString("PostgreSQL")));
    }
}
