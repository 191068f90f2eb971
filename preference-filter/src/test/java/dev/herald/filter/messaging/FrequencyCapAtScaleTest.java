package dev.herald.filter.messaging;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import dev.herald.filter.repository.FrequencyCapRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SMS cap (one per hour in this profile) on events and batches of more than a thousand users, at the default chunk
 * size, through the real broker and database: every recipient is decided, the cap holds, and counting a thousand
 * users holds no PostgreSQL lock per user (V3's advisory locks filled the shared lock table).
 */
@QuarkusTest
@TestProfile(CapsAtDefaultChunkProfile.class)
class FrequencyCapAtScaleTest extends BrokerProbeFixture {

    private static final int RECIPIENTS = 1500;
    private static final String CAPPED = "frequency_cap: 1 per 1h";

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    Pool pool;

    @Inject
    FrequencyCapRepository counts;

    /** {@code count} users with a phone number, seeded by SQL: {@code <prefix>-1} ... */
    private List<String> usersWithPhone(String prefix, int count) {
        pool.preparedQuery("""
                        INSERT INTO preference.users (tenant, user_id, email, phone)
                        SELECT 'default', $1 || '-' || n, $1 || '-' || n || '@example.com', '+14155550142'
                          FROM generate_series(1, $2) n""")
                .execute(Tuple.of(prefix, count)).await().atMost(Duration.ofSeconds(30));
        List<String> users = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            users.add(prefix + "-" + n);
        }
        return users;
    }

    private static String prefix(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Publishes an SMS event to {@code recipients}; answers each recipient's SMS outcome once all are decided. */
    private Map<String, String> smsOutcomes(List<String> recipients) throws Exception {
        UUID eventId = UUID.randomUUID();
        publisher.publish(Topology.EVENTS_EXCHANGE, "", new EventMessage(EventMessage.SCHEMA_VERSION, eventId,
                "default", "api", "login.code", "security", false, recipients, Map.of(), List.of(Channel.SMS), null,
                Instant.now()), null).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> probe.statuses(eventId).size() >= recipients.size());
        Map<String, String> outcomes = new HashMap<>();
        for (BrokerProbe.Received status : probe.statuses(eventId)) {
            String reason = status.body().path("reason").asText("");
            outcomes.put(status.body().path("userId").asText(),
                    status.body().path("state").asText() + (reason.isEmpty() ? "" : " (" + reason + ")"));
        }
        assertThat(probe.statuses(eventId)).hasSize(recipients.size());
        return outcomes;
    }

    /** The counted SMS notifications of each user of {@code prefix} that has any. */
    private Map<String, Long> counted(String prefix) {
        Map<String, Long> counted = new HashMap<>();
        for (Row row : pool.preparedQuery("""
                        SELECT user_id, count(*) AS counted FROM preference.frequency_cap_usage
                         WHERE tenant = 'default' AND channel = 'sms' AND counted AND user_id LIKE $1 || '-%'
                         GROUP BY user_id""")
                .execute(Tuple.of(prefix)).await().atMost(Duration.ofSeconds(10))) {
            counted.put(row.getString("user_id"), row.getLong("counted"));
        }
        return counted;
    }

    @Test
    void decidesEveryRecipientOfAnEventLargerThanAChunkAndTheCapHolds() throws Exception {
        assertThat(ConfigProvider.getConfig().getValue("herald.filter.chunk-size", Integer.class))
                .isLessThan(RECIPIENTS).isGreaterThanOrEqualTo(1000);
        String prefix = prefix("broadcast");
        List<String> recipients = usersWithPhone(prefix, RECIPIENTS);
        // Every third user already had their SMS of the hour.
        Set<String> alreadyCounted = new HashSet<>();
        for (int n = 3; n <= RECIPIENTS; n += 3) {
            alreadyCounted.add(prefix + "-" + n);
        }
        pool.preparedQuery("""
                        INSERT INTO preference.frequency_cap_usage (notification_id, tenant, user_id, channel, decided_at, counted)
                        SELECT gen_random_uuid(), 'default', u, 'sms', now() - interval '10 minutes', true FROM unnest($1::text[]) u""")
                .execute(Tuple.of(alreadyCounted.toArray(String[]::new))).await().atMost(Duration.ofSeconds(10));

        Map<String, String> first = smsOutcomes(recipients);

        assertThat(first).hasSize(RECIPIENTS);
        recipients.forEach(user -> assertThat(first.get(user)).as(user)
                .isEqualTo(alreadyCounted.contains(user) ? "suppressed (" + CAPPED + ")" : "queued"));
        assertThat(counted(prefix)).hasSize(RECIPIENTS).allSatisfy((user, count) -> assertThat(count).as(user).isOne());

        Map<String, String> second = smsOutcomes(recipients);

        assertThat(second).hasSize(RECIPIENTS).allSatisfy((user, outcome) ->
                assertThat(outcome).as(user).isEqualTo("suppressed (" + CAPPED + ")"));
        assertThat(counted(prefix)).hasSize(RECIPIENTS).allSatisfy((user, count) -> assertThat(count).as(user).isOne());
    }

    @Test
    void countingAThousandUsersHoldsNoLockPerUser() {
        String prefix = prefix("locks");
        int keys = 2000;
        // Inside one transaction, as the filter counts: what does it hold until its commit?
        Map<String, Long> held = pool.withTransaction(connection -> connection.preparedQuery("""
                                SELECT count(*) AS answered FROM preference.take_frequency_slots(
                                    (SELECT array_agg(gen_random_uuid()) FROM generate_series(1, $2::int)),
                                    array_fill('default'::text, ARRAY[$2::int]),
                                    (SELECT array_agg($1::text || '-' || n) FROM generate_series(1, $2::int) n),
                                    array_fill('sms'::text, ARRAY[$2::int]), array_fill(1, ARRAY[$2::int]),
                                    array_fill(3600000::bigint, ARRAY[$2::int]), now())""")
                        .execute(Tuple.of(prefix, keys))
                        .invoke(rows -> assertThat(rows.iterator().next().getLong("answered")).isEqualTo(keys))
                        .chain(() -> connection.query("""
                                        SELECT locktype, count(*) AS held FROM pg_locks
                                         WHERE pid = pg_backend_pid() GROUP BY locktype""").execute())
                        .map(rows -> {
                            Map<String, Long> byType = new HashMap<>();
                            rows.forEach(row -> byType.put(row.getString("locktype"), row.getLong("held")));
                            return byType;
                        }))
                .await().atMost(Duration.ofSeconds(30));

        // A handful of relation locks and the transaction's own ids, however many users: V3 held 2000 advisory locks.
        assertThat(held).doesNotContainKey("advisory");
        assertThat(held.values().stream().mapToLong(Long::longValue).sum()).isLessThan(50);
        assertThat(counted(prefix)).hasSize(keys);
    }

    @Test
    void concurrentOverlappingBatchesNeitherDeadlockNorExceedTheCap() {
        String prefix = prefix("overlap");
        List<String> users = new ArrayList<>();
        for (int n = 1; n <= 1200; n++) {
            users.add(prefix + "-" + n);
        }
        // Half the users were counted before (their keys exist), half are new (their keys are created concurrently).
        counts.take(users.subList(0, 600).stream().map(user -> slot(user, 3)).toList(), Instant.now())
                .await().atMost(Duration.ofSeconds(30));

        // Six batches at once (as six consumers or replicas would), each of every user in its own order.
        Random random = new Random(42);
        List<Uni<Set<UUID>>> batches = new ArrayList<>();
        for (int batch = 0; batch < 6; batch++) {
            List<String> shuffled = new ArrayList<>(users);
            Collections.shuffle(shuffled, random);
            batches.add(counts.take(shuffled.stream().map(user -> slot(user, 3)).toList(), Instant.now()));
        }
        List<Set<UUID>> refused = Uni.join().all(batches).andFailFast().await().atMost(Duration.ofSeconds(60));

        // Each user had 3 slots: the first half used one before, so 2 of their 6 succeed; the second half 3 of 6.
        assertThat(refused.stream().mapToInt(Set::size).sum()).isEqualTo(600 * 4 + 600 * 3);
        Map<String, Long> counted = counted(prefix);
        assertThat(counted).hasSize(1200).allSatisfy((user, count) -> assertThat(count).as(user).isEqualTo(3));
    }

    private static FrequencyCapRepository.Slot slot(String userId, int limit) {
        UUID eventId = UUID.randomUUID();
        DispatchMessage dispatch = new DispatchMessage(DispatchMessage.SCHEMA_VERSION, UUID.randomUUID(), eventId,
                "default", "login.code", "security", userId, Channel.SMS, "+14155550142", "en", Map.of(), 1, null, false,
                null);
        return new FrequencyCapRepository.Slot(dispatch, limit, Duration.ofHours(1));
    }
}
