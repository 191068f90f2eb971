package dev.herald.channel.email;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.channel.core.repository.PostgresSendLedger;
import dev.herald.channel.core.service.SendLedger;
import dev.herald.channel.core.testing.ChannelDispatches;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import dev.herald.common.testing.BrokerProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The send ledger against the real broker and PostgreSQL: no notification goes to SendGrid twice. */
@QuarkusTest
class EmailSendLedgerTest {

    /** Set by {@link WireMockSendGrid}. */
    WireMockServer sendGrid;

    @Inject
    BrokerProbe broker;

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    Pool pool;

    @Inject
    PostgresSendLedger ledger;

    @BeforeEach
    void dispatchConsumerIsReady() {
        broker.awaitReady();
    }

    @Test
    void sendsADispatchDeliveredTwiceOnceAndReportsSentAgain() {
        DispatchMessage dispatch = dispatch();

        broker.publishDispatch(dispatch);
        StatusMessage first = broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        broker.publishDispatch(dispatch);

        await().atMost(Duration.ofSeconds(20)).until(() -> sentStatuses(dispatch).size() == 2);
        StatusMessage again = sentStatuses(dispatch).get(1);
        assertEquals(first.providerMessageId(), again.providerMessageId());
        assertEquals("sendgrid", again.provider());
        assertTrue(again.reason().startsWith("already sent (attempt 1)"), again.reason());
        assertEquals(1, requestsFor(dispatch));
        assertEquals("sent", ledgerState(dispatch));
    }

    @Test
    void deadLettersADispatchWhoseEarlierSendIsInDoubtWithoutSendingIt() {
        DispatchMessage dispatch = dispatch();
        claimInDoubt(dispatch, 1);

        broker.publishDispatch(dispatch);

        StatusMessage deadLettered = broker.awaitStatus(dispatch.notificationId(), NotificationState.DEAD_LETTERED);
        assertTrue(deadLettered.reason().startsWith("outcome_unknown: attempt 1 claimed it 1h"), deadLettered.reason());
        BrokerProbe.Delivery letter = broker.awaitMessage(Topology.deadLetterQueue(Channel.EMAIL),
                delivery -> delivery.body().contains(dispatch.notificationId().toString()));
        assertTrue(((String) letter.headers().get(MessageHeaders.DEAD_LETTER_REASON)).startsWith("outcome_unknown"));
        assertEquals(0, requestsFor(dispatch));
        assertEquals("sending", ledgerState(dispatch));
    }

    @Test
    void sendsAnInDoubtDispatchOnceWhenAnOperatorRedrivesIt() throws Exception {
        DispatchMessage dispatch = dispatch();
        claimInDoubt(dispatch, 3);
        String redrive = UUID.randomUUID().toString();

        publishRedriven(dispatch, redrive);
        StatusMessage sent = broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        // The same redrive delivered again (its ack lost) must not send a second time.
        publishRedriven(dispatch, redrive);

        await().atMost(Duration.ofSeconds(20)).until(() -> sentStatuses(dispatch).size() == 2);
        assertEquals(sent.providerMessageId(), sentStatuses(dispatch).get(1).providerMessageId());
        assertEquals(1, requestsFor(dispatch));
        assertEquals("sent", ledgerState(dispatch));
    }

    @Test
    void deadLettersAgainARedriveWhoseOwnClaimIsInDoubtWithoutSendingIt() throws Exception {
        DispatchMessage dispatch = dispatch();
        String redrive = "dead-letter:" + UUID.randomUUID();
        claimInDoubt(dispatch, 1);
        pool.preparedQuery("UPDATE channel.send_ledger SET redrive_id = $2 WHERE notification_id = $1")
                .execute(Tuple.of(dispatch.notificationId(), redrive)).await().atMost(Duration.ofSeconds(10));

        // The same redrive again (a lost ack, or the same dead letter published twice): its own claim is in doubt.
        publishRedriven(dispatch, redrive);

        StatusMessage deadLettered = broker.awaitStatus(dispatch.notificationId(), NotificationState.DEAD_LETTERED);
        assertTrue(deadLettered.reason().startsWith("outcome_unknown"), deadLettered.reason());
        assertEquals(0, requestsFor(dispatch));
        assertEquals("sending", ledgerState(dispatch));
    }

    @Test
    void neverSendsAgainARedrivenDispatchTheLedgerRecordsAsSent() throws Exception {
        DispatchMessage dispatch = dispatch();
        broker.publishDispatch(dispatch);
        StatusMessage sent = broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);

        publishRedriven(dispatch, UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(20)).until(() -> sentStatuses(dispatch).size() == 2);
        assertEquals(sent.providerMessageId(), sentStatuses(dispatch).get(1).providerMessageId());
        assertEquals(1, requestsFor(dispatch));
    }

    @Test
    void parksASecondCopyWhileTheFirstMayStillBeSendingInsteadOfDeadLetteringIt() {
        DispatchMessage dispatch = dispatch();
        claim(dispatch, 1, "now()");

        broker.publishDispatch(dispatch);

        BrokerProbe.Delivery parked = broker.awaitMessage(Topology.retryQueue(Channel.EMAIL, Duration.ofMinutes(5)),
                delivery -> delivery.body().contains(dispatch.notificationId().toString()));
        assertEquals(1, ((Number) parked.headers().get(MessageHeaders.ATTEMPT)).intValue());
        assertTrue(broker.statusesOf(dispatch.notificationId()).isEmpty());
        assertEquals(0, requestsFor(dispatch));
    }

    @Test
    void releasesTheClaimOfAFailedAttemptSoALaterOneMayClaimItAgain() {
        DispatchMessage dispatch = dispatch().withAttempt(5);
        sendGrid.stubFor(post(urlEqualTo("/v3/mail/send")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.personalizations[0].to[0].email", equalTo(dispatch.address())))
                .willReturn(aResponse().withStatus(503)));

        broker.publishDispatch(dispatch);

        broker.awaitStatus(dispatch.notificationId(), NotificationState.DEAD_LETTERED);
        assertEquals("released", ledgerState(dispatch));
        assertEquals(1, requestsFor(dispatch));
    }

    @Test
    void letsAStuckAttemptNotReleaseAClaimARedriveHasTakenOver() {
        DispatchMessage dispatch = dispatch();
        SendLedger.Claimed stuck = assertInstanceOf(SendLedger.Claimed.class, ledger.claim(dispatch, null));
        pool.preparedQuery("UPDATE channel.send_ledger SET claimed_at = now() - interval '1 hour' WHERE notification_id = $1")
                .execute(Tuple.of(dispatch.notificationId())).await().atMost(Duration.ofSeconds(10));
        assertInstanceOf(SendLedger.ClaimedElsewhere.class, ledger.claim(dispatch, null));
        assertInstanceOf(SendLedger.Claimed.class, ledger.claim(dispatch, UUID.randomUUID().toString()));

        ledger.release(dispatch.notificationId(), stuck);

        assertEquals("sending", ledgerState(dispatch), "the redrive's claim stands");
    }

    @Test
    void parksTheLastAttemptWhileTheLedgerDoesNotAnswerAndSendsItOnceItDoes() throws Exception {
        DispatchMessage dispatch = dispatch().withAttempt(5);
        claim(dispatch, 4, "now() - interval '1 minute'");
        pool.preparedQuery("UPDATE channel.send_ledger SET state = 'released' WHERE notification_id = $1")
                .execute(Tuple.of(dispatch.notificationId())).await().atMost(Duration.ofSeconds(10));
        // Another transaction holds the row: the claim waits on it past the ledger timeout (10 s), as in an outage.
        SqlConnection locker = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        Transaction lock = locker.begin().await().atMost(Duration.ofSeconds(10));
        try {
            locker.preparedQuery("SELECT 1 FROM channel.send_ledger WHERE notification_id = $1 FOR UPDATE")
                    .execute(Tuple.of(dispatch.notificationId())).await().atMost(Duration.ofSeconds(10));

            broker.publishDispatch(dispatch);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> pool.query("""
                    SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                    AND query LIKE '%INSERT INTO channel.send_ledger%'""").execute().await()
                    .atMost(Duration.ofSeconds(5)).size() > 0);
            // The claim times out and the dispatch is parked in the first tier (2 s); the lock goes before it returns.
            Thread.sleep(10_500);
            assertTrue(broker.statusesOf(dispatch.notificationId()).isEmpty(), "an outage is no failed attempt");
        } finally {
            lock.rollback().await().atMost(Duration.ofSeconds(10));
            locker.close().await().atMost(Duration.ofSeconds(10));
        }

        // The timed-out claim committed once the lock went, and was released again: the return claims and sends.
        StatusMessage sent = broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        assertEquals(5, sent.attempt());
        assertEquals(List.of(NotificationState.SENT), broker.statusesOf(dispatch.notificationId()).stream()
                .map(StatusMessage::state).toList());
        assertEquals(1, requestsFor(dispatch));
        assertEquals("sent", ledgerState(dispatch));
    }

    @Test
    void letsALaterAttemptTakeOverAClaimWhoseReleaseWasLost() {
        DispatchMessage dispatch = dispatch().withAttempt(3);
        claim(dispatch, 2, "now() - interval '1 hour'");

        broker.publishDispatch(dispatch);

        broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        assertEquals(1, requestsFor(dispatch));
        assertEquals("sent", ledgerState(dispatch));
    }

    @Test
    void purgesRowsOlderThanTheRetention() {
        DispatchMessage old = dispatch();
        DispatchMessage recent = dispatch();
        claim(old, 1, "now() - interval '8 days'");
        claim(recent, 1, "now() - interval '6 days'");

        ledger.purgeOlderThan(Duration.ofDays(7));

        assertNull(ledgerState(old));
        assertEquals("sending", ledgerState(recent));
    }

    @Test
    void givesEachOfManyConcurrentClaimsGatheredIntoBatchesItsOwnAnswer() throws Exception {
        List<DispatchMessage> fresh = dispatches(20);
        DispatchMessage contested = dispatch();
        List<DispatchMessage> sent = dispatches(4);
        List<DispatchMessage> inFlight = dispatches(4);
        List<DispatchMessage> inDoubt = dispatches(4);
        List<DispatchMessage> released = dispatches(4);
        List<DispatchMessage> lostRelease = dispatches(4);
        List<DispatchMessage> redriven = dispatches(4);
        sent.forEach(d -> row(d, "sent", 2, "now()"));
        inFlight.forEach(d -> row(d, "sending", 1, "now()"));
        inDoubt.forEach(d -> row(d, "sending", 1, SendLedgerRows.AN_HOUR_AGO));
        released.forEach(d -> row(d, "released", 1, "now()"));
        lostRelease.forEach(d -> row(d, "sending", 1, SendLedgerRows.AN_HOUR_AGO));
        redriven.forEach(d -> row(d, "sending", 1, SendLedgerRows.AN_HOUR_AGO));
        List<DispatchMessage> blockers = dispatches(2);
        blockers.forEach(d -> row(d, "released", 1, "now()"));

        Map<UUID, SendLedger.Claim> claims = new ConcurrentHashMap<>();
        List<SendLedger.Claim> contestedClaims = new CopyOnWriteArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor(); RowLocks locks = lock(blockers)) {
            // Both claim batches in flight wait on a lock, so every claim below queues and goes in the next batches.
            for (DispatchMessage blocker : blockers) {
                threads.submit(() -> claims.put(blocker.notificationId(), ledger.claim(blocker, null)));
                locks.awaitClaimsWaiting(blockers.indexOf(blocker) + 1);
            }
            for (DispatchMessage d : concat(fresh, sent, inFlight, inDoubt, released)) {
                threads.submit(() -> claims.put(d.notificationId(), ledger.claim(d, null)));
            }
            for (DispatchMessage d : lostRelease) {
                threads.submit(() -> claims.put(d.notificationId(), ledger.claim(d.withAttempt(2), null)));
            }
            for (DispatchMessage d : redriven) {
                threads.submit(() -> claims.put(d.notificationId(), ledger.claim(d, "dead-letter:" + UUID.randomUUID())));
            }
            for (int i = 0; i < 5; i++) {
                threads.submit(() -> contestedClaims.add(ledger.claim(contested, null)));
            }
            Thread.sleep(500);
        }

        for (DispatchMessage d : concat(fresh, released, lostRelease, redriven, blockers)) {
            SendLedger.Claimed claimed = assertInstanceOf(SendLedger.Claimed.class, claims.get(d.notificationId()));
            assertEquals(claimed.claimId(), claimIdOf(d), "the row holds this dispatch's own claim");
        }
        for (DispatchMessage d : sent) {
            SendLedger.AlreadySent already = assertInstanceOf(SendLedger.AlreadySent.class, claims.get(d.notificationId()));
            assertEquals("msg-" + d.notificationId(), already.providerMessageId());
            assertEquals(2, already.attempt());
        }
        for (DispatchMessage d : inFlight) {
            SendLedger.ClaimedElsewhere elsewhere = assertInstanceOf(SendLedger.ClaimedElsewhere.class,
                    claims.get(d.notificationId()));
            assertTrue(elsewhere.age().compareTo(Duration.ofMinutes(1)) < 0, elsewhere.toString());
        }
        for (DispatchMessage d : inDoubt) {
            SendLedger.ClaimedElsewhere elsewhere = assertInstanceOf(SendLedger.ClaimedElsewhere.class,
                    claims.get(d.notificationId()));
            assertTrue(elsewhere.age().compareTo(Duration.ofMinutes(59)) > 0, elsewhere.toString());
        }
        assertEquals(1, contestedClaims.stream().filter(SendLedger.Claimed.class::isInstance).count(),
                "one of five copies of one notification claims it: " + contestedClaims);
        assertEquals(4, contestedClaims.stream().filter(SendLedger.ClaimedElsewhere.class::isInstance).count());
    }

    @Test
    void recordsEachOfManyConcurrentOutcomesAndReleasesOnlyTheClaimsStillHeld() throws Exception {
        List<DispatchMessage> accepted = dispatches(15);
        List<DispatchMessage> failed = dispatches(15);
        List<DispatchMessage> takenOver = dispatches(5);
        Map<UUID, SendLedger.Claimed> claims = new ConcurrentHashMap<>();
        for (DispatchMessage d : concat(accepted, failed, takenOver)) {
            claims.put(d.notificationId(), assertInstanceOf(SendLedger.Claimed.class, ledger.claim(d, null)));
        }
        // A redrive took these over from their (stuck) attempt: its release must leave the redrive's claim alone.
        pool.preparedQuery("UPDATE channel.send_ledger SET claim_id = gen_random_uuid() WHERE notification_id = ANY($1)")
                .execute(Tuple.tuple().addArrayOfUUID(takenOver.stream().map(DispatchMessage::notificationId)
                        .toArray(UUID[]::new))).await().atMost(Duration.ofSeconds(10));

        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (DispatchMessage d : accepted) {
                threads.submit(() -> ledger.recordSent(d.notificationId(), "sendgrid", "msg-" + d.notificationId()));
            }
            for (DispatchMessage d : concat(failed, takenOver)) {
                threads.submit(() -> ledger.release(d.notificationId(), claims.get(d.notificationId())));
            }
        }

        for (DispatchMessage d : accepted) {
            assertEquals("sent", ledgerState(d));
            SendLedger.AlreadySent again = assertInstanceOf(SendLedger.AlreadySent.class, ledger.claim(d, null));
            assertEquals("msg-" + d.notificationId(), again.providerMessageId());
        }
        failed.forEach(d -> assertEquals("released", ledgerState(d)));
        takenOver.forEach(d -> assertEquals("sending", ledgerState(d)));
    }

    @Test
    void failsEveryClaimOfABatchWhoseConnectionIsLostSoEachIsParked() throws Exception {
        List<DispatchMessage> blockers = dispatches(3);
        blockers.forEach(d -> row(d, "released", 1, "now()"));
        List<DispatchMessage> fresh = dispatches(9);
        List<Future<SendLedger.Claim>> first = new ArrayList<>();
        List<Future<SendLedger.Claim>> batch = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor(); RowLocks locks = lock(blockers)) {
            // Both claim batches in flight wait on a lock; the ten claims below queue behind them.
            first.add(threads.submit(() -> ledger.claim(blockers.get(0), null)));
            locks.awaitClaimsWaiting(1);
            first.add(threads.submit(() -> ledger.claim(blockers.get(1), null)));
            locks.awaitClaimsWaiting(2);
            for (DispatchMessage d : concat(fresh, List.of(blockers.get(2)))) {
                batch.add(threads.submit(() -> ledger.claim(d, null)));
            }
            Thread.sleep(1000);

            // The two connections die: their claims fail, and the ten go together, to wait on the third lock, whose
            // connection dies too (or their batch fails at once, on a dead connection the pool has not noticed yet).
            locks.terminateWaitingClaims(2);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> batch.stream().allMatch(Future::isDone) || locks.waitingClaims().size() == 1);
            if (!batch.stream().allMatch(Future::isDone)) {
                locks.terminateWaitingClaims(1);
            }

            for (Future<SendLedger.Claim> claim : concat(first, batch)) {
                ExecutionException failure = assertThrows(ExecutionException.class,
                        () -> claim.get(8, TimeUnit.SECONDS));
                assertInstanceOf(SendLedger.LedgerUnavailableException.class, failure.getCause());
            }
        }
        fresh.forEach(d -> assertNull(ledgerState(d), "nothing of the lost batch was written"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> blockers.forEach(d -> assertEquals("released", ledgerState(d))));
    }

    /** A row of {@code dispatch} in {@code state}, claimed at the SQL time {@code at}; a sent one has a message id. */
    private void row(DispatchMessage dispatch, String state, int attempt, String at) {
        claim(dispatch, attempt, at);
        pool.preparedQuery("""
                UPDATE channel.send_ledger SET state = $2,
                    provider = CASE WHEN $2 = 'sent' THEN 'sendgrid' END,
                    provider_message_id = CASE WHEN $2 = 'sent' THEN 'msg-' || notification_id END
                WHERE notification_id = $1""")
                .execute(Tuple.of(dispatch.notificationId(), state)).await().atMost(Duration.ofSeconds(10));
    }

    private UUID claimIdOf(DispatchMessage dispatch) {
        return pool.preparedQuery("SELECT claim_id FROM channel.send_ledger WHERE notification_id = $1")
                .execute(Tuple.of(dispatch.notificationId())).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getUUID("claim_id");
    }

    /** Locks the rows of {@code dispatches} in a transaction of its own until closed (rolled back). */
    private RowLocks lock(List<DispatchMessage> dispatches) {
        SqlConnection locker = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        Transaction transaction = locker.begin().await().atMost(Duration.ofSeconds(10));
        int pid = locker.query("SELECT pg_backend_pid() AS pid").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getInteger("pid");
        locker.preparedQuery("SELECT 1 FROM channel.send_ledger WHERE notification_id = ANY($1) FOR UPDATE")
                .execute(Tuple.tuple().addArrayOfUUID(dispatches.stream().map(DispatchMessage::notificationId)
                        .toArray(UUID[]::new))).await().atMost(Duration.ofSeconds(10));
        return new RowLocks(pool, locker, transaction, pid);
    }

    /** Row locks held by a transaction of their own, and the claim statements waiting on them. */
    private static final class RowLocks implements AutoCloseable {

        private static final String WAITING_CLAIMS = """
                SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND $1 = ANY(pg_blocking_pids(pid))
                AND NOT pid = ANY($2) AND query LIKE '%INSERT INTO channel.send_ledger%'""";

        private final Pool pool;
        private final SqlConnection locker;
        private final Transaction transaction;
        private final int pid;
        /** Backends already terminated, which may still show for a moment. */
        private final List<Integer> terminated = new ArrayList<>();

        RowLocks(Pool pool, SqlConnection locker, Transaction transaction, int pid) {
            this.pool = pool;
            this.locker = locker;
            this.transaction = transaction;
            this.pid = pid;
        }

        /** Waits until {@code count} claim statements wait on these locks. */
        void awaitClaimsWaiting(int count) {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> waitingClaims().size() == count);
        }

        /** Ends the connections of the {@code count} claim statements waiting on these locks, as an outage would. */
        void terminateWaitingClaims(int count) {
            List<Integer> waiting = waitingClaims();
            assertEquals(count, waiting.size());
            pool.preparedQuery("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid")
                    .execute(Tuple.tuple().addArrayOfInteger(waiting.toArray(Integer[]::new)))
                    .await().atMost(Duration.ofSeconds(5));
            terminated.addAll(waiting);
        }

        List<Integer> waitingClaims() {
            List<Integer> pids = new ArrayList<>();
            pool.preparedQuery(WAITING_CLAIMS)
                    .execute(Tuple.of(pid).addArrayOfInteger(terminated.toArray(Integer[]::new)))
                    .await().atMost(Duration.ofSeconds(5)).forEach(row -> pids.add(row.getInteger("pid")));
            return pids;
        }

        @Override
        public void close() {
            transaction.rollback().await().atMost(Duration.ofSeconds(10));
            locker.close().await().atMost(Duration.ofSeconds(10));
        }
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        return Stream.of(lists).flatMap(List::stream).toList();
    }

    private static List<DispatchMessage> dispatches(int count) {
        return IntStream.range(0, count).mapToObj(i -> dispatch()).toList();
    }

    /** A claim an hour old with no outcome: the worker that made it died between the send and the record. */
    private void claimInDoubt(DispatchMessage dispatch, int attempt) {
        claim(dispatch, attempt, SendLedgerRows.AN_HOUR_AGO);
    }

    private void claim(DispatchMessage dispatch, int attempt, String at) {
        SendLedgerRows.claim(pool, ledger, dispatch, attempt, at);
    }

    private void publishRedriven(DispatchMessage dispatch, String redriveId) throws Exception {
        SendLedgerRows.publishRedriven(publisher, dispatch, redriveId);
    }

    private int requestsFor(DispatchMessage dispatch) {
        return SendLedgerRows.requestsFor(sendGrid, dispatch);
    }

    private String ledgerState(DispatchMessage dispatch) {
        RowSet<Row> rows = pool.preparedQuery("SELECT state FROM channel.send_ledger WHERE notification_id = $1")
                .execute(Tuple.of(dispatch.notificationId())).await().atMost(Duration.ofSeconds(10));
        return rows.size() == 0 ? null : rows.iterator().next().getString("state");
    }

    private List<StatusMessage> sentStatuses(DispatchMessage dispatch) {
        return broker.statusesOf(dispatch.notificationId()).stream()
                .filter(status -> status.state() == NotificationState.SENT).toList();
    }

    private static DispatchMessage dispatch() {
        return ChannelDispatches.to(Channel.EMAIL, "ledger-" + UUID.randomUUID() + "@example.com")
                .data(Map.of("orderId", "L-1")).build();
    }
}
