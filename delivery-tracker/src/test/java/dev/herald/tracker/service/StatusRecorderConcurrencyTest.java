package dev.herald.tracker.service;

import dev.herald.common.contract.NotificationIds;
import dev.herald.common.contract.StatusMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static dev.herald.common.contract.Channel.PUSH;
import static dev.herald.common.contract.NotificationState.DELIVERED;
import static dev.herald.common.contract.NotificationState.QUEUED;
import static dev.herald.common.contract.NotificationState.RETRYING;
import static dev.herald.common.contract.NotificationState.SENT;
import static dev.herald.tracker.TrackerFixtures.api;
import static dev.herald.tracker.TrackerFixtures.status;
import static dev.herald.tracker.TrackerFixtures.uniqueUser;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many transactions at once, each holding statuses of the same notifications in shuffled orders: the locked write
 * path must end every notification in the same state as one ordered run would, with each update in history once.
 */
@QuarkusTest
class StatusRecorderConcurrencyTest {

    @Inject
    StatusRecorder recorder;

    @Test
    void concurrentShuffledBatchesNeverMoveANotificationBackwards() {
        UUID eventId = UUID.randomUUID();
        List<String> users = new ArrayList<>();
        List<StatusMessage> queued = new ArrayList<>();
        List<StatusMessage> later = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String user = uniqueUser("load" + i);
            users.add(user);
            queued.add(status(eventId, user, PUSH, QUEUED, 0));
            later.add(status(eventId, user, PUSH, RETRYING, 1, null, null, "unavailable"));
            later.add(status(eventId, user, PUSH, RETRYING, 2, null, null, "timeout"));
            later.add(status(eventId, user, PUSH, SENT, 3, "fcm", "fcm-" + user, null));
            later.add(status(eventId, user, PUSH, DELIVERED, 3, "fcm", "fcm-" + user, null));
        }
        // The rows exist first, so the concurrent transactions below contend on row locks, not on inserts.
        recorder.record(queued).await().atMost(Duration.ofSeconds(30));

        recordConcurrently(later, new Random(42));
        assertAllDelivered(eventId, users);

        // A redelivery of everything, again concurrently and in another order, changes nothing.
        recordConcurrently(later, new Random(43));
        assertAllDelivered(eventId, users);
    }

    private void recordConcurrently(List<StatusMessage> statuses, Random random) {
        List<StatusMessage> shuffled = new ArrayList<>(statuses);
        Collections.shuffle(shuffled, random);
        List<Uni<Void>> batches = new ArrayList<>();
        for (int from = 0; from < shuffled.size(); from += 5) {
            batches.add(recorder.record(shuffled.subList(from, from + 5)));
        }
        Uni.join().all(batches).andFailFast().await().atMost(Duration.ofSeconds(60));
    }

    private static void assertAllDelivered(UUID eventId, List<String> users) {
        for (String user : users) {
            UUID notificationId = NotificationIds.notificationId(eventId, user, PUSH);
            JsonPath notification = api().get("/v1/notifications/{id}", notificationId).then()
                    .statusCode(200).extract().jsonPath();
            assertEquals("delivered", notification.getString("state"), user);
            assertEquals(3, notification.getInt("attempt"), user);
            assertEquals("fcm-" + user, notification.getString("providerMessageId"), user);
            List<String> history = notification.getList("history.state");
            assertEquals(5, history.size(), "each update once: " + history);
            List<String> accepted = new ArrayList<>();
            List<Integer> acceptedAttempts = new ArrayList<>();
            for (int i = 0; i < history.size(); i++) {
                if (!notification.getBoolean("history[" + i + "].ignored")) {
                    accepted.add(history.get(i));
                    acceptedAttempts.add(notification.getInt("history[" + i + "].attempt"));
                }
            }
            assertEquals("delivered", accepted.get(accepted.size() - 1), "delivered is the last accepted " + accepted);
            assertForwardOnly(accepted, acceptedAttempts);
        }
    }

    private static void assertForwardOnly(List<String> states, List<Integer> attempts) {
        List<String> order = List.of("queued", "retrying", "sent", "delivered");
        for (int i = 1; i < states.size(); i++) {
            int previous = order.indexOf(states.get(i - 1));
            int current = order.indexOf(states.get(i));
            boolean forward = current > previous
                    || (states.get(i).equals("retrying") && current == previous && attempts.get(i) > attempts.get(i - 1));
            assertEquals(true, forward, "accepted transitions " + states + " attempts " + attempts);
        }
    }
}
