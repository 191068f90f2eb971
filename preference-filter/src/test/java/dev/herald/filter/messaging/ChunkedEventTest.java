package dev.herald.filter.messaging;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
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
import java.util.concurrent.TimeUnit;

import static dev.herald.filter.rest.Api.asDefaultTenant;
import static dev.herald.filter.rest.Api.uniqueUserId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Events of several chunks (two recipients each in this profile), through the real broker and database. */
@QuarkusTest
@TestProfile(ChunksAndCapsProfile.class)
class ChunkedEventTest extends BrokerProbeFixture {

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    Pool pool;

    private static List<String> users(int count) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String userId = uniqueUserId("chunk");
            asDefaultTenant().body("{\"email\": \"" + userId + "@example.com\"}").put("/v1/users/{id}", userId)
                    .then().statusCode(201);
            users.add(userId);
        }
        return users;
    }

    private UUID publish(UUID eventId, List<String> recipients) throws Exception {
        EventMessage event = new EventMessage(EventMessage.SCHEMA_VERSION, eventId, "default", "api", "order.shipped",
                "orders", false, recipients, Map.of(), List.of(Channel.EMAIL), null, Instant.now());
        publisher.publish(Topology.EVENTS_EXCHANGE, "", event, null).get(5, TimeUnit.SECONDS);
        return eventId;
    }

    private boolean progressRecorded(UUID eventId) {
        return pool.preparedQuery("SELECT 1 FROM preference.event_progress WHERE event_id = $1").execute(Tuple.of(eventId))
                .await().atMost(Duration.ofSeconds(5)).size() > 0;
    }

    @Test
    void dispatchesToEveryRecipientOfAnEventOfSeveralChunksAndForgetsItsProgress() throws Exception {
        List<String> recipients = users(5);

        UUID eventId = publish(UUID.randomUUID(), recipients);

        await().atMost(Duration.ofSeconds(20)).until(() -> probe.statuses(eventId).size() >= 5);
        assertThat(probe.dispatches(eventId)).extracting(dispatch -> dispatch.body().path("userId").asText())
                .containsExactlyInAnyOrderElementsOf(recipients);
        assertThat(probe.statuses(eventId)).extracting(BrokerProbe.Received::routingKey).containsOnly("email.queued");
        await().atMost(Duration.ofSeconds(5)).until(() -> !progressRecorded(eventId));
    }

    @Test
    void resumesARedeliveredEventAfterItsLastCompletedChunk() throws Exception {
        List<String> recipients = users(6);
        UUID eventId = UUID.randomUUID();
        // The first two chunks (four recipients) were done before the event was redelivered.
        pool.preparedQuery("INSERT INTO preference.event_progress (event_id, tenant, recipients_done, recipients_total) "
                + "VALUES ($1, 'default', 4, 6)").execute(Tuple.of(eventId)).await().atMost(Duration.ofSeconds(5));

        publish(eventId, recipients);

        await().atMost(Duration.ofSeconds(20)).until(() -> !progressRecorded(eventId));
        await().atMost(Duration.ofSeconds(5)).until(() -> probe.statuses(eventId).size() >= 2);
        // Chunks are published in order: had the first two been redone, their statuses would have come first.
        assertThat(probe.statuses(eventId)).extracting(status -> status.body().path("userId").asText())
                .containsExactlyInAnyOrderElementsOf(recipients.subList(4, 6));
        assertThat(probe.dispatches(eventId)).extracting(dispatch -> dispatch.body().path("userId").asText())
                .containsExactlyInAnyOrderElementsOf(recipients.subList(4, 6));
    }
}
