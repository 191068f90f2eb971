package dev.herald.filter.rest;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import dev.herald.filter.messaging.BrokerProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.herald.filter.rest.Api.asDefaultTenant;
import static dev.herald.filter.rest.Api.uniqueUserId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class PreviewApiTest {

    @Inject
    ConfirmingPublisher publisher;

    @Test
    void answersWhatAnEventWouldProduceAndWhyWithoutPublishingAnything() throws Exception {
        String userId = uniqueUserId("preview");
        String ghost = uniqueUserId("ghost");
        asDefaultTenant().body("{\"email\": \"preview@example.com\", \"phone\": \"+14155550120\"}")
                .put("/v1/users/{id}", userId).then().statusCode(201);
        asDefaultTenant().body("{\"categories\": {\"marketing\": {\"sms\": false}}}")
                .put("/v1/users/{id}/preferences", userId).then().statusCode(200);

        try (BrokerProbe probe = BrokerProbe.start()) {
            asDefaultTenant().body("{\"type\": \"sale.started\", \"category\": \"marketing\", \"recipients\": [\"" + userId
                            + "\", \"" + ghost + "\"], \"channels\": [\"email\", \"sms\", \"push\"], \"data\": {\"x\": 1}}")
                    .post("/v1/preview").then()
                    .statusCode(200)
                    .body("category", equalTo("marketing"))
                    .body("critical", equalTo(false))
                    .body("summary.dispatch", equalTo(1))
                    .body("summary.suppressed", equalTo(5))
                    .body("notifications.find { it.userId == '" + userId + "' && it.channel == 'email' }.outcome", equalTo("dispatch"))
                    .body("notifications.find { it.userId == '" + userId + "' && it.channel == 'email' }.address",
                            equalTo("preview@example.com"))
                    .body("notifications.find { it.userId == '" + userId + "' && it.channel == 'email' }.reason", nullValue())
                    .body("notifications.find { it.userId == '" + userId + "' && it.channel == 'sms' }.reason",
                            equalTo("category_disabled"))
                    .body("notifications.find { it.userId == '" + userId + "' && it.channel == 'push' }.reason",
                            equalTo("no_contact_point"))
                    .body("notifications.find { it.userId == '" + ghost + "' && it.channel == 'email' }.reason",
                            equalTo("unknown_user"));

            // A real event afterwards is the first thing the broker sees of this user: the preview published nothing.
            UUID eventId = UUID.randomUUID();
            publisher.publish(Topology.EVENTS_EXCHANGE, "", new EventMessage(EventMessage.SCHEMA_VERSION, eventId, "default",
                    "api", "sale.started", "marketing", false, List.of(userId), Map.of(), List.of(Channel.EMAIL), null,
                    Instant.now()), null).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> !probe.statuses(eventId).isEmpty());
            assertThat(probe.ofUser(userId)).allSatisfy(message ->
                    assertThat(message.body().path("eventId").asText()).isEqualTo(eventId.toString()));
        }
    }

    @Test
    void previewsQuietHoursAtAnotherInstant() {
        String userId = uniqueUserId("preview");
        asDefaultTenant().body("{\"email\": \"quiet@example.com\", \"timezone\": \"Europe/Paris\"}")
                .put("/v1/users/{id}", userId).then().statusCode(201);
        asDefaultTenant().body("{\"quietHours\": {\"start\": \"22:00\", \"end\": \"07:00\"}}")
                .put("/v1/users/{id}/preferences", userId).then().statusCode(200);
        String body = "{\"type\": \"order.shipped\", \"recipients\": [\"" + userId + "\"], \"channels\": [\"email\"]}";

        asDefaultTenant().body(body).queryParam("at", "2030-06-01T21:30:00Z").post("/v1/preview").then()
                .statusCode(200)
                .body("category", equalTo("general"))
                .body("notifications[0].outcome", equalTo("deferred"))
                .body("notifications[0].releaseAt", equalTo("2030-06-02T05:00:00Z"))
                .body("notifications[0].reason", equalTo("quiet_hours: until 2030-06-02T05:00:00Z"));
        asDefaultTenant().body(body.replace("}", ", \"critical\": true}")).queryParam("at", "2030-06-01T21:30:00Z")
                .post("/v1/preview").then()
                .statusCode(200)
                .body("critical", equalTo(true))
                .body("notifications[0].outcome", equalTo("dispatch"))
                .body("notifications[0].reason", equalTo("critical_bypass: quiet_hours"));
    }

    @Test
    void validatesTheBodyAsIngressDoes() {
        asDefaultTenant().body("{\"category\": \"Bad Name\", \"recipients\": [\"ok\", \"not ok\"], \"channels\": [\"fax\"], \"x\": 1}")
                .post("/v1/preview").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("type"))
                .body("errors.field", hasItem("category"))
                .body("errors.field", hasItem("recipients[1]"))
                .body("errors.field", hasItem("channels[0]"))
                .body("errors.field", hasItem("x"));
        asDefaultTenant().body("{\"type\": \"t\", \"recipients\": [\"u\"]}").queryParam("at", "yesterday")
                .post("/v1/preview").then().statusCode(400).body("errors.field", hasItem("at"));
    }
}
