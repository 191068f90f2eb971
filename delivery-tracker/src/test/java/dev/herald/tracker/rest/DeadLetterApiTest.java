package dev.herald.tracker.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.herald.auth.ApiKeyStore;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.BrokerConnection;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.herald.common.contract.Channel.EMAIL;
import static dev.herald.common.contract.Channel.PUSH;
import static dev.herald.common.contract.Channel.SLACK;
import static dev.herald.common.contract.Channel.SMS;
import static dev.herald.common.contract.NotificationState.QUEUED;
import static dev.herald.common.contract.NotificationState.RETRYING;
import static dev.herald.common.contract.NotificationState.SENT;
import static dev.herald.tracker.TrackerFixtures.api;
import static dev.herald.tracker.TrackerFixtures.publish;
import static dev.herald.tracker.TrackerFixtures.status;
import static dev.herald.tracker.TrackerFixtures.uniqueUser;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dead letters against the real broker: taken off the DLQs, listed per tenant, redriven to herald.dispatch. */
@QuarkusTest
class DeadLetterApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    BrokerConnection broker;

    @Inject
    ApiKeyStore keys;

    @Test
    void aChannelsDeadLetterIsListedThenRedrivenByIdWithAttemptOneAndTrackedInANewRound() throws Exception {
        DispatchMessage dispatch = dispatch("default", EMAIL, "ann");
        UUID id = dispatch.notificationId();
        publish(publisher, status(dispatch.eventId(), dispatch.userId(), EMAIL, QUEUED, 0));
        publish(publisher, status(dispatch.eventId(), dispatch.userId(), EMAIL, RETRYING, 4, "sendgrid", null, "503"));
        deadLetterLikeAChannel(dispatch.withAttempt(5), "gave up after 5 attempts; last error http_503");

        JsonPath letter = awaitListed("email", id);
        assertEquals("gave up after 5 attempts; last error http_503", letter.getString("reason"));
        assertEquals(5, letter.getInt("attempt"));
        assertEquals("herald", letter.getString("origin"));
        assertTrue(letter.getBoolean("redrivable"));
        assertEquals(dispatch.eventId().toString(), letter.getString("eventId"));
        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/notifications/{id}", id).then()
                .body("state", equalTo("dead_lettered")));

        api().contentType("application/json").body("{\"ids\": [\"" + id + "\"]}")
                .post("/v1/dead-letters/email/redrive").then()
                .statusCode(200)
                .body("redriven", contains(id.toString()))
                .body("skipped", empty())
                .body("notFound", empty());

        GetResponse redriven = awaitOnQueue(EMAIL.workQueue(), id);
        JsonNode body = JSON.readTree(redriven.getBody());
        assertEquals(1, body.path("attempt").asInt());
        assertEquals(1, ((Number) redriven.getProps().getHeaders().get(MessageHeaders.ATTEMPT)).intValue());
        // The redrive id comes from the dead letter: the same letter published again is the same redrive.
        assertEquals("dead-letter:" + letter.getString("id"),
                redriven.getProps().getHeaders().get(MessageHeaders.REDRIVE).toString());
        assertEquals(dispatch.address(), body.path("address").asText());
        api().get("/v1/notifications/{id}", id).then()
                .body("state", equalTo("queued"))
                .body("redrives", equalTo(1))
                .body("history.event", hasItem("operator.redrive"))
                .body("history.find { it.event == 'operator.redrive' }.detail",
                        containsString("redriven from herald.email.dlq by an operator; was dead_lettered"));
        api().queryParam("channel", "email").get("/v1/dead-letters").then()
                .body("items.notificationId", not(hasItem(id.toString())));

        // The new round: the channel sends it at attempt 1, which is not taken for the old round's entries.
        publish(publisher, status(dispatch.eventId(), dispatch.userId(), EMAIL, SENT, 1, "sendgrid", "sg-redriven", null));
        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/notifications/{id}", id).then()
                .body("state", equalTo("sent"))
                .body("history.findAll { it.round == 1 && it.event == null }.state", contains("sent"))
                .body("history.findAll { it.round == 0 && it.event == null }.state",
                        contains("queued", "retrying", "dead_lettered")));
    }

    @Test
    void aDeadLetterOfANotificationAlreadySentIsDiscardedNotSentAgain() throws Exception {
        DispatchMessage dispatch = dispatch("default", EMAIL, "bea");
        UUID id = dispatch.notificationId();
        publish(publisher, status(dispatch.eventId(), dispatch.userId(), EMAIL, SENT, 1, "sendgrid", "sg-once", null));
        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/notifications/{id}", id).then()
                .body("state", equalTo("sent")));
        deadLetterLikeAChannel(dispatch.withAttempt(3), "gave up after 3 attempts; last error timeout");
        awaitListed("email", id);

        api().contentType("application/json").body(Map.of("ids", List.of(id.toString())))
                .post("/v1/dead-letters/email/redrive").then()
                .statusCode(200)
                .body("redriven", empty())
                .body("skipped.notificationId", contains(id.toString()))
                .body("skipped[0].reason", containsString("already sent"));

        api().queryParam("channel", "email").get("/v1/dead-letters").then()
                .body("items.notificationId", not(hasItem(id.toString())));
        assertTrue(findOnQueue(EMAIL.workQueue(), id).isEmpty(), "not republished");
    }

    @Test
    void aMessageTheBrokerDeadLetteredIsListedWithTheBrokersReasonAndTracked() throws Exception {
        DispatchMessage dispatch = dispatch("default", PUSH, "cy");
        publisher.publish(Topology.DISPATCH_EXCHANGE, PUSH.wireName(), dispatch, TraceParent.newTrace())
                .get(10, TimeUnit.SECONDS);
        // Nothing consumes herald.push here: play the channel worker that rejects it as poison.
        try (Channel channel = broker.connection().createChannel()) {
            GetResponse mine = await().atMost(PATIENCE).until(() -> channel.basicGet(PUSH.workQueue(), false),
                    response -> response != null && new String(response.getBody(), StandardCharsets.UTF_8)
                            .contains(dispatch.notificationId().toString()));
            channel.basicReject(mine.getEnvelope().getDeliveryTag(), false);
        }

        JsonPath letter = awaitListed("push", dispatch.notificationId());
        assertEquals("broker", letter.getString("origin"));
        assertTrue(letter.getString("reason").startsWith("rejected by the channel worker"), letter.getString("reason"));
        assertTrue(letter.getString("reason").endsWith("in herald.push"), letter.getString("reason"));
        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/notifications/{id}", dispatch.notificationId())
                .then().statusCode(200).body("state", equalTo("dead_lettered")));
    }

    @Test
    void aMessageThatIsNotADispatchIsListedForTheOperatorOnlyAndNeverRedriven() throws Exception {
        String marker = "not a dispatch " + UUID.randomUUID();
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("text/plain").deliveryMode(2)
                .build();
        publisher.publishRaw(Topology.DEAD_LETTER_EXCHANGE, SLACK.wireName(), properties,
                marker.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);

        await().atMost(PATIENCE).untilAsserted(() -> api().queryParam("channel", "slack").queryParam("limit", 500)
                .get("/v1/dead-letters").then()
                .body("items.findAll { it.notificationId == null }.redrivable", hasItem(false))
                .body("items.findAll { it.notificationId == null }.reason", hasItem("not a dispatch")));
        String other = keys.create("tenant-" + UUID.randomUUID(), "test").await().atMost(Duration.ofSeconds(10));
        api(other).queryParam("channel", "slack").get("/v1/dead-letters").then()
                .statusCode(200).body("items", empty());
        api().post("/v1/dead-letters/slack/redrive").then().statusCode(200).body("redriven", empty());
    }

    @Test
    void deadLettersAreConfinedToTheirTenantAndRedrivingAllTakesOnlyTheCallersOwn() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        String key = keys.create(tenant, "test").await().atMost(Duration.ofSeconds(10));
        DispatchMessage first = dispatch(tenant, SMS, "dee");
        DispatchMessage second = dispatch(tenant, SMS, "eli");
        DispatchMessage defaults = dispatch("default", SMS, "fox");
        for (DispatchMessage dispatch : List.of(first, second, defaults)) {
            deadLetterLikeAChannel(dispatch.withAttempt(5), "gave up");
        }
        await().atMost(PATIENCE).untilAsserted(() -> api(key).queryParam("channel", "sms").get("/v1/dead-letters")
                .then().statusCode(200).body("items.notificationId", containsInAnyOrder(
                        first.notificationId().toString(), second.notificationId().toString())));
        awaitListed("sms", defaults.notificationId());
        api().queryParam("channel", "sms").queryParam("limit", 500).get("/v1/dead-letters").then()
                .body("items.notificationId", not(hasItem(first.notificationId().toString())));

        api().contentType("application/json").body(Map.of("ids", List.of(first.notificationId().toString())))
                .post("/v1/dead-letters/sms/redrive").then().statusCode(200)
                .body("redriven", empty())
                .body("notFound", contains(first.notificationId().toString()));

        api(key).post("/v1/dead-letters/sms/redrive").then().statusCode(200)
                .body("redriven", containsInAnyOrder(first.notificationId().toString(),
                        second.notificationId().toString()))
                .body("remaining", equalTo(0));
        api().queryParam("channel", "sms").queryParam("limit", 500).get("/v1/dead-letters").then()
                .body("items.notificationId", hasItem(defaults.notificationId().toString()));
        api(key).get("/v1/notifications/{id}", first.notificationId()).then().statusCode(200)
                .body("state", equalTo("queued")).body("redrives", equalTo(1));
        api().get("/v1/notifications/{id}", first.notificationId()).then().statusCode(404);
    }

    @Test
    void listingPagesThroughWithTheCursor() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        String key = keys.create(tenant, "test").await().atMost(Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            deadLetterLikeAChannel(dispatch(tenant, EMAIL, "page" + i), "gave up");
        }
        await().atMost(PATIENCE).untilAsserted(() -> api(key).get("/v1/dead-letters").then()
                .body("items", hasSize(5)));

        JsonPath first = api(key).queryParam("limit", 3).get("/v1/dead-letters").then().statusCode(200)
                .extract().jsonPath();
        JsonPath second = api(key).queryParam("limit", 3).queryParam("cursor", first.getString("nextCursor"))
                .get("/v1/dead-letters").then().statusCode(200).extract().jsonPath();

        assertEquals(3, first.getList("items").size());
        assertEquals(2, second.getList("items").size());
        assertEquals(null, second.getString("nextCursor"));
        assertTrue(java.util.Collections.disjoint(first.getList("items.id"), second.getList("items.id")));
    }

    @Test
    void invalidParametersAreProblems() {
        api().queryParam("channel", "fax").queryParam("limit", 0).get("/v1/dead-letters").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("channel", "limit"));
        api().post("/v1/dead-letters/fax/redrive").then().statusCode(400).body("errors.field", contains("channel"));
        api().contentType("application/json").body("{\"ids\": []}").post("/v1/dead-letters/email/redrive").then()
                .statusCode(400).body("errors.field", contains("ids"));
        api().contentType("application/json").body("{\"ids\": [\"nope\"]}").post("/v1/dead-letters/email/redrive")
                .then().statusCode(400).body("errors.field", contains("ids[0]"));
        io.restassured.RestAssured.given().get("/v1/dead-letters").then().statusCode(401);
    }

    // --- helpers

    private static DispatchMessage dispatch(String tenant, dev.herald.common.contract.Channel channel, String name) {
        UUID eventId = UUID.randomUUID();
        String user = uniqueUser(name);
        String address = switch (channel) {
            case EMAIL -> user + "@example.com";
            case SMS -> "+15005550006";
            case PUSH -> "token-" + user;
            case SLACK -> "C123";
        };
        return new DispatchMessage(DispatchMessage.SCHEMA_VERSION, NotificationIds.notificationId(eventId, user, channel),
                eventId, tenant, "order.shipped", "orders", user, channel, address, "en", Map.of("orderId", "o-1"), 1,
                null);
    }

    /** What channel-core does when attempts are exhausted: the dispatch to herald.dlx with our headers. */
    private void deadLetterLikeAChannel(DispatchMessage dispatch, String reason) throws Exception {
        publisher.publish(Topology.DEAD_LETTER_EXCHANGE, dispatch.channel().wireName(), dispatch,
                TraceParent.newTrace(), Map.of(MessageHeaders.ATTEMPT, dispatch.attempt(),
                        MessageHeaders.DEAD_LETTER_REASON, reason)).get(10, TimeUnit.SECONDS);
    }

    private static JsonPath awaitListed(String channel, UUID notificationId) {
        return await().atMost(PATIENCE).until(() -> {
            JsonPath page = api().queryParam("channel", channel).queryParam("limit", 500).get("/v1/dead-letters")
                    .then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.notificationId");
            int index = ids.indexOf(notificationId.toString());
            return index < 0 ? null : new JsonPath(JSON.writeValueAsString(page.getList("items").get(index)));
        }, java.util.Objects::nonNull);
    }

    private GetResponse awaitOnQueue(String queue, UUID notificationId) {
        return await().atMost(PATIENCE).until(() -> findOnQueue(queue, notificationId), Optional::isPresent).get();
    }

    /** Takes the messages of {@code queue} (nothing consumes the work queues here) and returns the one wanted. */
    private Optional<GetResponse> findOnQueue(String queue, UUID notificationId) throws Exception {
        try (Channel channel = broker.connection().createChannel()) {
            GetResponse response;
            Optional<GetResponse> found = Optional.empty();
            while ((response = channel.basicGet(queue, true)) != null) {
                if (new String(response.getBody(), StandardCharsets.UTF_8).contains(notificationId.toString())) {
                    found = Optional.of(response);
                }
            }
            return found;
        }
    }
}
