package dev.herald.filter.messaging;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import dev.herald.filter.repository.DeferredRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.herald.filter.rest.Api.asDefaultTenant;
import static dev.herald.filter.rest.Api.uniqueUserId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The SMS cap of this profile (two per hour), through the real broker and database. */
@QuarkusTest
@TestProfile(ChunksAndCapsProfile.class)
class FrequencyCapTest extends BrokerProbeFixture {

    private static final String CAPPED = "frequency_cap: 2 per 1h";

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    Pool pool;

    @Inject
    DeferredRepository deferrals;

    private static String userWithPhone() {
        String userId = uniqueUserId("capped");
        asDefaultTenant().body("{\"email\": \"" + userId + "@example.com\", \"phone\": \"+14155550142\"}")
                .put("/v1/users/{id}", userId).then().statusCode(201);
        return userId;
    }

    private CompletableFuture<Void> publish(UUID eventId, String userId, boolean critical) {
        return publisher.publish(Topology.EVENTS_EXCHANGE, "", new EventMessage(EventMessage.SCHEMA_VERSION, eventId,
                "default", "api", "login.code", "security", critical, List.of(userId), Map.of(),
                List.of(Channel.EMAIL, Channel.SMS), null, Instant.now()), null);
    }

    /** Publishes the event and answers the reason-qualified state of its SMS status ({@code queued}, ...). */
    private String smsOutcome(UUID eventId, String userId, boolean critical) throws Exception {
        int before = smsStatuses(eventId).size();
        publish(eventId, userId, critical).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> smsStatuses(eventId).size() > before);
        return outcome(smsStatuses(eventId).getLast());
    }

    private List<BrokerProbe.Received> smsStatuses(UUID eventId) {
        return probe.statuses(eventId).stream().filter(status -> status.routingKey().startsWith("sms.")).toList();
    }

    private static String outcome(BrokerProbe.Received status) {
        String reason = status.body().path("reason").asText("");
        return status.body().path("state").asText() + (reason.isEmpty() ? "" : " (" + reason + ")");
    }

    private long counted(String userId) {
        return pool.preparedQuery("SELECT count(*) AS counted FROM preference.frequency_cap_usage "
                        + "WHERE tenant = 'default' AND user_id = $1 AND channel = 'sms' AND counted")
                .execute(Tuple.of(userId)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("counted");
    }

    @Test
    void suppressesTheThirdSmsWithinTheHourButNotTheEmailBesideIt() throws Exception {
        String userId = userWithPhone();

        assertThat(smsOutcome(UUID.randomUUID(), userId, false)).isEqualTo("queued");
        assertThat(smsOutcome(UUID.randomUUID(), userId, false)).isEqualTo("queued");
        UUID third = UUID.randomUUID();
        assertThat(smsOutcome(third, userId, false)).isEqualTo("suppressed (" + CAPPED + ")");

        assertThat(probe.dispatches(third)).extracting(BrokerProbe.Received::routingKey).containsExactly("email");
        assertThat(probe.statuses(third)).extracting(BrokerProbe.Received::routingKey)
                .containsExactlyInAnyOrder("email.queued", "sms.suppressed");
    }

    @Test
    void aRedoneEventIsNotCountedTwice() throws Exception {
        String userId = userWithPhone();
        UUID first = UUID.randomUUID();
        assertThat(smsOutcome(first, userId, false)).isEqualTo("queued");

        // Redelivered (or published again by a retrying client): the same notification, counted once.
        assertThat(smsOutcome(first, userId, false)).isEqualTo("queued");
        assertThat(smsOutcome(first, userId, false)).isEqualTo("queued");

        assertThat(counted(userId)).isEqualTo(1);
        assertThat(smsOutcome(UUID.randomUUID(), userId, false)).isEqualTo("queued");
        assertThat(smsOutcome(UUID.randomUUID(), userId, false)).isEqualTo("suppressed (" + CAPPED + ")");
    }

    @Test
    void aCriticalEventBypassesTheCapAndIsNotCounted() throws Exception {
        String userId = userWithPhone();
        smsOutcome(UUID.randomUUID(), userId, false);
        smsOutcome(UUID.randomUUID(), userId, false);

        UUID critical = UUID.randomUUID();
        assertThat(smsOutcome(critical, userId, true)).isEqualTo("queued");

        assertThat(probe.dispatches(critical)).extracting(BrokerProbe.Received::routingKey).contains("sms");
        assertThat(counted(userId)).isEqualTo(2);
    }

    @Test
    void concurrentEventsToOneUserNeverExceedTheCap() throws Exception {
        String userId = userWithPhone();
        List<UUID> events = new ArrayList<>();
        List<CompletableFuture<Void>> confirms = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            UUID eventId = UUID.randomUUID();
            events.add(eventId);
            confirms.add(publish(eventId, userId, false));
        }
        CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().allMatch(event -> !smsStatuses(event).isEmpty()));
        List<String> outcomes = events.stream().map(event -> outcome(smsStatuses(event).getFirst())).toList();
        assertThat(outcomes).filteredOn("queued"::equals).hasSize(2);
        assertThat(outcomes).filteredOn(("suppressed (" + CAPPED + ")")::equals).hasSize(6);
        assertThat(counted(userId)).isEqualTo(2);
    }

    @Test
    void aNotificationDeferredByQuietHoursIsCountedAndCappedWhenItIsReleased() throws Exception {
        String userId = userWithPhone();
        smsOutcome(UUID.randomUUID(), userId, false);
        smsOutcome(UUID.randomUUID(), userId, false);
        // An SMS held overnight, due now: the user reached the cap meanwhile.
        UUID eventId = UUID.randomUUID();
        DispatchMessage held = new DispatchMessage(DispatchMessage.SCHEMA_VERSION,
                NotificationIds.notificationId(eventId, userId, Channel.SMS), eventId, "default", "login.code", "security",
                userId, Channel.SMS, "+14155550142", "en", Map.of(), 1, null, false, null);
        deferrals.store(List.of(new DeferredRepository.Deferred(held, Instant.now().minusSeconds(1), null)))
                .await().atMost(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(20)).until(() -> !smsStatuses(eventId).isEmpty());
        assertThat(outcome(smsStatuses(eventId).getFirst())).isEqualTo("suppressed (" + CAPPED + ")");
        assertThat(probe.dispatches(eventId)).isEmpty();
        assertThat(counted(userId)).isEqualTo(2);
    }

    @Test
    void previewReportsAReachedCapWithoutCountingAnything() throws Exception {
        String userId = userWithPhone();
        smsOutcome(UUID.randomUUID(), userId, false);
        String body = "{\"type\": \"login.code\", \"category\": \"security\", \"recipients\": [\"" + userId
                + "\"], \"channels\": [\"sms\"]}";

        asDefaultTenant().body(body).post("/v1/preview").then().statusCode(200)
                .body("notifications[0].outcome", equalTo("dispatch"));
        asDefaultTenant().body(body).post("/v1/preview").then().statusCode(200)
                .body("notifications[0].outcome", equalTo("dispatch"));
        assertThat(counted(userId)).isEqualTo(1);

        smsOutcome(UUID.randomUUID(), userId, false);
        asDefaultTenant().body(body).post("/v1/preview").then().statusCode(200)
                .body("summary.suppressed", equalTo(1))
                .body("notifications[0].outcome", equalTo("suppressed"))
                .body("notifications[0].reason", equalTo(CAPPED));
        assertThat(counted(userId)).isEqualTo(2);
    }
}
