package dev.herald.channel.email;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.channel.core.repository.PostgresSendLedger;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/** What the send-ledger tests set up and look at: ledger rows, redriven dispatches, SendGrid's requests. */
final class SendLedgerRows {

    /** A claim made one hour ago with no outcome: the worker that made it died between the send and the record. */
    static final String AN_HOUR_AGO = "now() - interval '1 hour'";

    private SendLedgerRows() {
    }

    /** Inserts a {@code sending} claim of {@code dispatch} at {@code attempt}, made at the SQL time {@code at}. */
    static void claim(Pool pool, PostgresSendLedger ledger, DispatchMessage dispatch, int attempt, String at) {
        ledger.purgeOlderThan(Duration.ofDays(365)); // makes sure the table exists
        pool.preparedQuery("INSERT INTO channel.send_ledger (notification_id, channel, state, attempt, claim_id,"
                        + " claimed_at, updated_at) VALUES ($1, 'email', 'sending', $2, gen_random_uuid(), " + at + ", "
                        + at + ")")
                .execute(Tuple.of(dispatch.notificationId(), attempt)).await().atMost(Duration.ofSeconds(10));
    }

    /** Publishes {@code dispatch} as an operator's redrive does: attempt 1 and the redrive header. */
    static void publishRedriven(ConfirmingPublisher publisher, DispatchMessage dispatch, String redriveId)
            throws Exception {
        publisher.publish(Topology.DISPATCH_EXCHANGE, Channel.EMAIL.wireName(), dispatch.withAttempt(1),
                TraceParent.newTrace(), Map.of(MessageHeaders.ATTEMPT, 1, MessageHeaders.REDRIVE, redriveId))
                .get(5, TimeUnit.SECONDS);
    }

    /** How many times SendGrid was asked to send to the dispatch's address. */
    static int requestsFor(WireMockServer sendGrid, DispatchMessage dispatch) {
        return sendGrid.findAll(postRequestedFor(urlEqualTo("/v3/mail/send"))
                .withRequestBody(matchingJsonPath("$.personalizations[0].to[0].email", equalTo(dispatch.address()))))
                .size();
    }
}
