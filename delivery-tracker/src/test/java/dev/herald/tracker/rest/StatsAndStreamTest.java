package dev.herald.tracker.rest;

import dev.herald.auth.ApiKeyStore;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.messaging.ConfirmingPublisher;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static dev.herald.common.contract.Channel.EMAIL;
import static dev.herald.common.contract.Channel.PUSH;
import static dev.herald.common.contract.Channel.SMS;
import static dev.herald.common.contract.NotificationState.DELIVERED;
import static dev.herald.common.contract.NotificationState.QUEUED;
import static dev.herald.common.contract.NotificationState.SENT;
import static dev.herald.tracker.TrackerFixtures.api;
import static dev.herald.tracker.TrackerFixtures.publish;
import static dev.herald.tracker.TrackerFixtures.status;
import static dev.herald.tracker.TrackerFixtures.uniqueUser;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counts over a window and the live streams, each confined to the caller's tenant. */
@QuarkusTest
class StatsAndStreamTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    ApiKeyStore keys;

    @TestHTTPResource("/")
    URL base;

    @Test
    void countsPerChannelAndStateCoverOnlyTheCallersTenantAndWindow() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        String key = keys.create(tenant, "test").await().atMost(Duration.ofSeconds(10));
        Instant before = Instant.now().minusSeconds(1);
        UUID eventId = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            String user = uniqueUser("s" + i);
            publish(publisher, status(tenant, eventId, user, EMAIL, SENT, 1, "sendgrid", "sg-" + user, null));
            publish(publisher, status(tenant, eventId, user, SMS, QUEUED, 0, null, null, null));
        }
        publish(publisher, status(tenant, eventId, uniqueUser("s9"), EMAIL, DELIVERED, 1, null, null, null));
        publish(publisher, status("default", eventId, uniqueUser("s10"), PUSH, QUEUED, 0, null, null, null));

        await().atMost(PATIENCE).untilAsserted(() -> dev.herald.tracker.TrackerFixtures.api(key).get("/v1/stats")
                .then().statusCode(200)
                .body("total", equalTo(7))
                .body("totals.email", equalTo(4))
                .body("totals.sms", equalTo(3))
                .body("counts.email.sent", equalTo(3))
                .body("counts.email.delivered", equalTo(1))
                .body("counts.sms.queued", equalTo(3))
                .body("counts.push", equalTo(null)));
        dev.herald.tracker.TrackerFixtures.api(key).queryParam("from", before.toString())
                .queryParam("to", Instant.now().plusSeconds(60).toString()).get("/v1/stats").then()
                .statusCode(200).body("total", equalTo(7));
        dev.herald.tracker.TrackerFixtures.api(key).queryParam("from", "2020-01-01T00:00:00Z")
                .queryParam("to", before.toString()).get("/v1/stats").then()
                .statusCode(200).body("total", equalTo(0));
    }

    @Test
    void invalidWindowsAreProblems() {
        api().queryParam("from", "yesterday").queryParam("to", "2020-01-01T00:00:00Z").get("/v1/stats").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("from"));
        api().queryParam("from", "2021-01-01T00:00:00Z").queryParam("to", "2020-01-01T00:00:00Z").get("/v1/stats")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("from"));
        io.restassured.RestAssured.given().get("/v1/stats").then().statusCode(401);
    }

    @Test
    void anEventStreamSendsTheSnapshotThenEveryCommittedChangeOfThatEventOnly() throws Exception {
        UUID eventId = UUID.randomUUID();
        String user = uniqueUser("sse");
        UUID notificationId = NotificationIds.notificationId(eventId, user, EMAIL);
        publish(publisher, status(eventId, user, EMAIL, QUEUED, 0));
        await().atMost(PATIENCE).untilAsserted(() -> api().get("/v1/notifications/{id}", notificationId).then()
                .statusCode(200));

        try (Stream stream = Stream.open(base, "/v1/events/" + eventId + "/stream", "test-api-key")) {
            stream.awaitLine(line -> line.equals("event:snapshot") || line.equals("event: snapshot"));
            stream.awaitLine(line -> line.contains("\"state\":\"queued\""));

            publish(publisher, status(UUID.randomUUID(), uniqueUser("other"), EMAIL, SENT, 1, "sendgrid", "x", null));
            publish(publisher, status(eventId, user, EMAIL, SENT, 1, "sendgrid", "sg-live", null));
            stream.awaitLine(line -> line.contains("\"state\":\"sent\""));
            // published only now: two statuses that arrive together may be folded into one committed change
            publish(publisher, status(eventId, user, EMAIL, DELIVERED, 1));
            stream.awaitLine(line -> line.contains("\"state\":\"delivered\""));
            assertTrue(stream.lines().stream().filter(line -> line.startsWith("data:"))
                    .allMatch(line -> line.contains(eventId.toString())), "only this event: " + stream.lines());
            assertTrue(stream.lines().stream().anyMatch(line -> line.startsWith("event:") && line.contains("change")));
        }
    }

    @Test
    void aUserStreamSeesTheUsersChangesAndAnotherTenantSeesNone() throws Exception {
        String user = uniqueUser("watched");
        String otherTenant = "tenant-" + UUID.randomUUID();
        String otherKey = keys.create(otherTenant, "test").await().atMost(Duration.ofSeconds(10));

        try (Stream mine = Stream.open(base, "/v1/users/" + user + "/notifications/stream", "test-api-key");
             Stream theirs = Stream.open(base, "/v1/users/" + user + "/notifications/stream", otherKey)) {
            mine.awaitOpen();
            theirs.awaitOpen();
            UUID eventId = UUID.randomUUID();
            publish(publisher, status(eventId, user, SMS, QUEUED, 0));
            publish(publisher, status(eventId, user, SMS, SENT, 1, "twilio", "SM-live", null));

            mine.awaitLine(line -> line.contains("\"state\":\"sent\"") && line.contains(user));
            // The same user id in the other tenant: its stream gets that, and never the default tenant's changes.
            UUID theirEvent = UUID.randomUUID();
            publish(publisher, status(otherTenant, theirEvent, user, SMS, QUEUED, 0, null, null, null));
            theirs.awaitLine(line -> line.contains(theirEvent.toString()));
            assertFalse(theirs.lines().stream().anyMatch(line -> line.contains(eventId.toString())),
                    theirs.lines().toString());
            assertFalse(mine.lines().stream().anyMatch(line -> line.contains(theirEvent.toString())),
                    mine.lines().toString());
        }
    }

    @Test
    void streamsNeedAKeyAndAValidId() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(base.toURI().resolve("/v1/events/"
                + UUID.randomUUID() + "/stream")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        api().get("/v1/events/not-a-uuid/stream").then().statusCode(400);
    }

    /** A Server-Sent Events client that keeps every line it received. */
    static final class Stream implements AutoCloseable {

        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response;
        private final HttpClient http = HttpClient.newHttpClient();

        private Stream(URI uri, String key) {
            response = http.sendAsync(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            response.thenAccept(answer -> Thread.ofVirtual().start(() -> {
                try {
                    answer.body().forEach(lines::add);
                } catch (RuntimeException e) {
                    // closed
                }
            }));
        }

        static Stream open(URL base, String path, String key) throws Exception {
            return new Stream(base.toURI().resolve(path), key);
        }

        void awaitOpen() {
            HttpResponse<?> answer = await().atMost(PATIENCE).until(() -> response.getNow(null),
                    java.util.Objects::nonNull);
            assertEquals(200, answer.statusCode());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        }

        void awaitLine(java.util.function.Predicate<String> match) {
            awaitOpen();
            org.awaitility.Awaitility.await().atMost(PATIENCE)
                    .until(() -> lines.stream().anyMatch(match));
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void close() {
            response.cancel(true);
            http.shutdownNow();
        }
    }
}
