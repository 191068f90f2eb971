package dev.herald.channel.email;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.channel.core.repository.PostgresSendLedger;
import dev.herald.channel.core.testing.ChannelDispatches;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.testing.BrokerProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Redriven dispatches parked by the throttle (1 send a second, no burst, a short wait) against the real broker and
 * PostgreSQL: they keep their redrive id through the retry tier, so each in-doubt notification is sent once.
 */
@QuarkusTest
@TestProfile(EmailRedriveThrottleTest.Slow.class)
class EmailRedriveThrottleTest {

    public static class Slow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "herald.channel.throttle.enabled", "true",
                    "herald.channel.throttle.rate", "1",
                    "herald.channel.throttle.burst", "1",
                    "herald.channel.throttle.max-wait", "200ms");
        }
    }

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
    void sendsEachRedrivenInDoubtDispatchOnceThoughTheThrottleParksIt() throws Exception {
        List<DispatchMessage> dispatches = IntStream.range(0, 3).mapToObj(i -> dispatch()).toList();
        for (DispatchMessage dispatch : dispatches) {
            claimInDoubt(dispatch);
        }

        for (DispatchMessage dispatch : dispatches) {
            SendLedgerRows.publishRedriven(publisher, dispatch, UUID.randomUUID().toString());
        }

        dispatches.forEach(dispatch -> broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT));
        for (DispatchMessage dispatch : dispatches) {
            assertEquals(1, SendLedgerRows.requestsFor(sendGrid, dispatch));
            assertEquals(List.of(), broker.statusesOf(dispatch.notificationId()).stream()
                    .filter(status -> status.state() == NotificationState.DEAD_LETTERED).toList());
        }
    }

    private void claimInDoubt(DispatchMessage dispatch) {
        SendLedgerRows.claim(pool, ledger, dispatch, 1, SendLedgerRows.AN_HOUR_AGO);
    }

    private static DispatchMessage dispatch() {
        return ChannelDispatches.to(Channel.EMAIL, "redrive-" + UUID.randomUUID() + "@example.com")
                .data(Map.of("orderId", "R-1")).build();
    }
}
