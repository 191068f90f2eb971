package dev.herald.tracker.repository;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lookup behind every batch of provider webhooks must reach its rows through the indexes whatever PostgreSQL
 * knows of the table: with no statistics (autovacuum off, or a table that grew since the last analyze) the earlier
 * {@code notification_id = ANY($1) OR provider_message_id = ANY($2)} was planned as a sequential scan comparing every
 * row with both arrays. The rows are inserted in a transaction that is rolled back, so other tests never see them.
 */
@QuarkusTest
class WebhookLookupPlanTest {

    private static final int ROWS = 30_000;
    private static final int BATCH = 200;

    @Inject
    Pool pool;

    @Test
    void aBatchOfWebhookEventsLocksItsNotificationsThroughTheIndexesOfAnUnanalyzedTable() {
        List<String> plans = pool.withConnection(connection -> connection.begin().chain(transaction -> connection
                .preparedQuery("""
                        INSERT INTO tracker.notification (notification_id, event_id, tenant, user_id, channel, state,
                                                          attempt, provider, provider_message_id, updated_at)
                        SELECT gen_random_uuid(), gen_random_uuid(), 'plan-test', 'u' || i, 'email', 'sent', 1,
                               'sendgrid', 'plan-test-' || i, now()
                        FROM generate_series(1, $1) AS i""")
                .execute(Tuple.of(ROWS))
                .chain(() -> connection.preparedQuery("""
                        SELECT array_agg(notification_id) AS ids, array_agg(provider_message_id) AS message_ids
                        FROM (SELECT notification_id, provider_message_id FROM tracker.notification
                              WHERE tenant = 'plan-test' LIMIT $1) AS sample""").execute(Tuple.of(BATCH)))
                .chain(rows -> {
                    Row sample = rows.iterator().next();
                    UUID[] ids = sample.getArrayOfUUIDs("ids");
                    String[] messageIds = sample.getArrayOfStrings("message_ids");
                    List<String> found = new ArrayList<>();
                    return explain(connection, ids, new String[0]).invoke(found::add)
                            .chain(() -> explain(connection, new UUID[0], messageIds)).invoke(found::add)
                            .chain(() -> explain(connection, ids, messageIds)).invoke(found::add)
                            .chain(() -> explainGeneric(connection, ids, messageIds)).invoke(found::add)
                            .replaceWith(found);
                })
                .call(transaction::rollback)))
                .await().atMost(Duration.ofSeconds(60));

        assertEquals(4, plans.size());
        for (String plan : plans) {
            assertFalse(plan.contains("Seq Scan"), "a sequential scan:\n" + plan);
            assertTrue(plan.contains("notification_pkey"), "not through the primary key:\n" + plan);
        }
        assertTrue(plans.get(1).contains("notification_provider_message_idx"),
                "message ids not through their index:\n" + plans.get(1));
    }

    /**
     * The plan the services run after a statement's fifth execution on a connection (they cache prepared statements,
     * and PostgreSQL may then switch to a generic plan that knows nothing of the arrays' contents).
     */
    private static io.smallrye.mutiny.Uni<String> explainGeneric(io.vertx.mutiny.sqlclient.SqlConnection connection,
            UUID[] ids, String[] messageIds) {
        return connection.query("PREPARE lock_matching_plan_test (uuid[], text[]) AS "
                        + NotificationStateStore.LOCK_MATCHING).execute()
                .chain(() -> connection.query("SET LOCAL plan_cache_mode = force_generic_plan").execute())
                // EXECUTE takes no bind parameters: the arrays go in as literals (uuids and plan-test-N ids only).
                .chain(() -> connection.query("EXPLAIN EXECUTE lock_matching_plan_test ('{"
                        + String.join(",", java.util.Arrays.stream(ids).map(UUID::toString).toList()) + "}', '{"
                        + String.join(",", messageIds) + "}')").execute())
                .map(WebhookLookupPlanTest::plan)
                .call(() -> connection.query("DEALLOCATE lock_matching_plan_test").execute());
    }

    private static String plan(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        StringBuilder plan = new StringBuilder();
        rows.forEach(row -> plan.append(row.getString(0)).append('\n'));
        return plan.toString();
    }

    private static io.smallrye.mutiny.Uni<String> explain(io.vertx.mutiny.sqlclient.SqlConnection connection,
            UUID[] ids, String[] messageIds) {
        return connection.preparedQuery("EXPLAIN " + NotificationStateStore.LOCK_MATCHING)
                .execute(Tuple.tuple().addValue(ids).addValue(messageIds))
                .map(WebhookLookupPlanTest::plan);
    }
}
