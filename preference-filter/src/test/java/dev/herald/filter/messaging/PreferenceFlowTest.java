package dev.herald.filter.messaging;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.contract.SuppressionMessage;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import dev.herald.filter.repository.DeferredRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.herald.filter.rest.Api.asDefaultTenant;
import static dev.herald.filter.rest.Api.uniqueUserId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

/** The decisions beyond opt-outs, end to end through the running service: suppression list, tenant defaults, quiet hours. */
@QuarkusTest
class PreferenceFlowTest extends BrokerProbeFixture {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    DeferredRepository deferrals;

    @Inject
    DeferredReleaser releaser;

    @Inject
    Pool pool;

    @Test
    void suppressesAnAddressThatHygieneFeedbackReported() throws Exception {
        String userId = createUser("{\"email\": \"Bounced." + UUID.randomUUID() + "@Example.com\", \"phone\": \"+14155550111\"}");
        String email = asDefaultTenant().get("/v1/users/{id}", userId).then().extract().path("email");

        publisher.publish(Topology.HYGIENE_EXCHANGE, "", new SuppressionMessage(SuppressionMessage.SCHEMA_VERSION, "default",
                Channel.EMAIL, email.toUpperCase(), "hard_bounce", "550 5.1.1 user unknown", null, Instant.now()), null)
                .get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asDefaultTenant()
                .queryParam("channel", "email").queryParam("address", email)
                .get("/v1/suppressions").then().statusCode(200).body("suppressions", hasSize(1)));

        UUID eventId = publish("orders", false, List.of(userId), List.of(Channel.EMAIL, Channel.SMS));

        List<BrokerProbe.Received> statuses = awaitStatuses(eventId, 2);
        assertThat(statuses).extracting(status -> status.routingKey() + " " + status.body().path("reason").asText(""))
                .containsExactlyInAnyOrder("email.suppressed suppression_list: hard_bounce", "sms.queued ");
        assertThat(probe.dispatches(eventId)).extracting(BrokerProbe.Received::routingKey).containsExactly("sms");
    }

    @Test
    void appliesTheTenantsCategoryDefaultUnlessTheUserChoseOtherwise() throws Exception {
        String category = "promo-" + UUID.randomUUID().toString().substring(0, 8);
        asDefaultTenant().body("{\"channels\": {\"sms\": false}, \"label\": \"Promotions\"}")
                .put("/v1/tenant/categories/{category}", category).then().statusCode(201);
        String follower = createUser("{\"email\": \"follow@example.com\", \"phone\": \"+14155550112\"}");
        String optedIn = createUser("{\"email\": \"optin@example.com\", \"phone\": \"+14155550113\"}");
        asDefaultTenant().body("{\"categories\": {\"" + category + "\": {\"sms\": true}}}")
                .put("/v1/users/{id}/preferences", optedIn).then().statusCode(200);

        UUID eventId = publish(category, false, List.of(follower, optedIn), List.of(Channel.EMAIL, Channel.SMS));

        List<BrokerProbe.Received> statuses = awaitStatuses(eventId, 4);
        assertThat(statuses).extracting(status -> status.body().path("userId").asText() + " " + status.routingKey() + " "
                        + status.body().path("reason").asText(""))
                .containsExactlyInAnyOrder(follower + " email.queued ", follower + " sms.suppressed category_default_off",
                        optedIn + " email.queued ", optedIn + " sms.queued ");
    }

    @Test
    void defersDuringQuietHoursAndReleasesTheDispatchWhenTheWindowEnds() throws Exception {
        String userId = createUser("{\"email\": \"night@example.com\", \"timezone\": \"UTC\"}");
        setQuietHoursAroundNow(userId);

        UUID eventId = publish("orders", false, List.of(userId), List.of(Channel.EMAIL));

        BrokerProbe.Received deferred = awaitStatuses(eventId, 1).getFirst();
        assertThat(deferred.routingKey()).isEqualTo("email.deferred");
        assertThat(deferred.body().path("reason").asText()).startsWith("quiet_hours: until ");
        Instant releaseAt = Instant.parse(deferred.body().path("reason").asText().substring("quiet_hours: until ".length()));
        assertThat(releaseAt).isAfter(Instant.now());
        assertThat(probe.dispatches(eventId)).isEmpty();
        assertThat(heldRows(eventId, userId)).isEqualTo(1);

        // The window ends: the releaser, run as of that moment, decides again and dispatches.
        releaser.releaseBatch(releaseAt).await().atMost(Duration.ofSeconds(20));

        await().atMost(Duration.ofSeconds(20)).until(() -> probe.statuses(eventId).size() >= 2);
        assertThat(probe.statuses(eventId)).extracting(status -> status.routingKey() + " " + status.body().path("reason").asText(""))
                .containsExactly("email.deferred " + deferred.body().path("reason").asText(), "email.queued quiet_hours_ended");
        assertThat(probe.dispatches(eventId)).singleElement().satisfies(dispatch -> {
            assertThat(dispatch.body().path("notificationId").asText())
                    .isEqualTo(NotificationIds.notificationId(eventId, userId, Channel.EMAIL).toString());
            assertThat(dispatch.body().path("address").asText()).isEqualTo("night@example.com");
        });
        assertThat(heldRows(eventId, userId)).isZero();
    }

    @Test
    void releasesADueNotificationOnItsOwnAndHonoursAnOptOutMadeMeanwhile() throws Exception {
        String userId = createUser("{\"email\": \"changed-mind@example.com\", \"phone\": \"+14155550114\", \"timezone\": \"UTC\"}");
        setQuietHoursAroundNow(userId);
        UUID eventId = publish("orders", false, List.of(userId), List.of(Channel.EMAIL, Channel.SMS));
        awaitStatuses(eventId, 2);
        assertThat(heldRows(eventId, userId)).isEqualTo(2);

        // During the night the user replaces their preferences (SMS off, no quiet hours) and the row falls due.
        asDefaultTenant().body("{\"channels\": {\"sms\": false}}").put("/v1/users/{id}/preferences", userId)
                .then().statusCode(200);
        pool.preparedQuery("UPDATE preference.deferred_notifications SET release_at = now() WHERE user_id = $1")
                .execute(Tuple.of(userId)).await().atMost(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(20)).until(() -> probe.statuses(eventId).size() >= 4);
        assertThat(probe.statuses(eventId)).extracting(status -> status.routingKey() + " " + status.body().path("reason").asText(""))
                .contains("email.queued quiet_hours_ended", "sms.suppressed channel_disabled");
        assertThat(probe.dispatches(eventId)).extracting(BrokerProbe.Received::routingKey).containsExactly("email");
        await().atMost(Duration.ofSeconds(10)).until(() -> heldRows(eventId, userId) == 0);
    }

    @Test
    void neverDefersACriticalEvent() throws Exception {
        String userId = createUser("{\"email\": \"urgent@example.com\", \"timezone\": \"UTC\"}");
        setQuietHoursAroundNow(userId);

        UUID eventId = publish("security", true, List.of(userId), List.of(Channel.EMAIL));

        assertThat(awaitStatuses(eventId, 1)).singleElement().satisfies(status -> {
            assertThat(status.routingKey()).isEqualTo("email.queued");
            assertThat(status.body().path("reason").asText()).isEqualTo("critical_bypass: quiet_hours");
        });
        assertThat(probe.dispatches(eventId)).singleElement()
                .satisfies(dispatch -> assertThat(dispatch.body().path("critical").asBoolean()).isTrue());
    }

    @Test
    void anEmailCarriesAOneClickUnsubscribeLinkForItsCategory() throws Exception {
        String userId = createUser("{\"email\": \"newsletter@example.com\"}");

        UUID eventId = publish("newsletter", false, List.of(userId), List.of(Channel.EMAIL));

        awaitStatuses(eventId, 1);
        String url = probe.dispatches(eventId).getFirst().body().path("unsubscribeUrl").asText();
        assertThat(url).startsWith("https://herald.test/unsubscribe?token=v1.");

        io.restassured.RestAssured.given().contentType("application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click")
                .post("/unsubscribe?token=" + url.substring(url.indexOf("token=") + "token=".length()))
                .then().statusCode(200);
        asDefaultTenant().get("/v1/users/{id}/preferences", userId).then()
                .body("categories.newsletter.email", org.hamcrest.Matchers.equalTo(false));
        UUID next = publish("newsletter", false, List.of(userId), List.of(Channel.EMAIL));
        assertThat(awaitStatuses(next, 1).getFirst().body().path("reason").asText()).isEqualTo("category_disabled");
    }

    private void setQuietHoursAroundNow(String userId) {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        asDefaultTenant().body("{\"quietHours\": {\"start\": \"" + now.minusHours(1).format(HH_MM) + "\", \"end\": \""
                        + now.plusHours(2).format(HH_MM) + "\"}}")
                .put("/v1/users/{id}/preferences", userId).then().statusCode(200);
    }

    private long heldRows(UUID eventId, String userId) {
        return pool.preparedQuery("SELECT count(*) AS held FROM preference.deferred_notifications WHERE user_id = $1")
                .execute(Tuple.of(userId)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("held");
    }

    private static String createUser(String body) {
        String userId = uniqueUserId("flow");
        asDefaultTenant().body(body).put("/v1/users/{id}", userId).then().statusCode(201);
        return userId;
    }

    private UUID publish(String category, boolean critical, List<String> recipients, List<Channel> channels) throws Exception {
        UUID eventId = UUID.randomUUID();
        EventMessage event = new EventMessage(EventMessage.SCHEMA_VERSION, eventId, "default", "api", "order.shipped", category,
                critical, recipients, Map.of("orderId", "o-7"), channels, null, Instant.now());
        publisher.publish(Topology.EVENTS_EXCHANGE, "", event, null).get(5, TimeUnit.SECONDS);
        return eventId;
    }

    private List<BrokerProbe.Received> awaitStatuses(UUID eventId, int expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> probe.statuses(eventId).size() >= expected);
        return probe.statuses(eventId);
    }
}
