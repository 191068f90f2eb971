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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
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
