package dev.herald.channel.email;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.channel.core.testing.ChannelDispatches;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.testing.BrokerProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token bucket in front of SendGrid, at 4 sends a second without a burst, against the real broker. */
@QuarkusTest
@TestProfile(EmailThrottleTest.Throttled.class)
class EmailThrottleTest {

    private static final String MAIL_SEND = "/v3/mail/send";

    public static class Throttled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "herald.channel.throttle.enabled", "true",
                    "herald.channel.throttle.rate", "4",
                    "herald.channel.throttle.burst", "1",
                    "herald.channel.throttle.max-wait", "30s");
        }
    }

    /** Set by {@link WireMockSendGrid}. */
    WireMockServer sendGrid;

    @Inject
    BrokerProbe broker;

    @BeforeEach
    void dispatchConsumerIsReady() {
        broker.awaitReady();
    }

    @Test
    void spreadsABurstOfDispatchesOverTimeAtTheConfiguredRate() {
        List<DispatchMessage> dispatches = IntStream.range(0, 9).mapToObj(i -> dispatch()).toList();

        dispatches.forEach(broker::publishDispatch);

        dispatches.forEach(dispatch -> broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT));
        List<Instant> received = dispatches.stream().map(this::receivedAt).sorted().toList();
        long spreadMillis = received.getLast().toEpochMilli() - received.getFirst().toEpochMilli();
        // 9 sends at 4/s with no burst take about 2 s; unthrottled they take a few dozen milliseconds.
        assertTrue(spreadMillis >= 1_200, "9 sends spread over only " + spreadMillis + " ms");
    }

    @Test
    void holdsEverySenderBackUntilTheRetryAfterOfARateLimit() {
        DispatchMessage limited = dispatch();
        sendGrid.stubFor(post(urlEqualTo(MAIL_SEND)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.personalizations[0].to[0].email", equalTo(limited.address())))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));

        broker.publishDispatch(limited);
        StatusMessage retrying = broker.awaitStatus(limited.notificationId(), NotificationState.RETRYING);
        Instant limitedAt = receivedAt(limited);
        List<DispatchMessage> others = IntStream.range(0, 3).mapToObj(i -> dispatch()).toList();
        others.forEach(broker::publishDispatch);

        assertTrue(retrying.reason().contains("http_429"), retrying.reason());
        others.forEach(dispatch -> broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT));
        for (DispatchMessage other : others) {
            long after = receivedAt(other).toEpochMilli() - limitedAt.toEpochMilli();
            assertTrue(after >= 2_500, "sent " + after + " ms after a 429 with Retry-After: 3");
        }
    }

    private Instant receivedAt(DispatchMessage dispatch) {
        List<LoggedRequest> requests = sendGrid.findAll(postRequestedFor(urlEqualTo(MAIL_SEND))
                .withRequestBody(matchingJsonPath("$.personalizations[0].to[0].email", equalTo(dispatch.address()))));
        assertEquals(1, requests.size(), "requests for " + dispatch.notificationId());
        return requests.getFirst().getLoggedDate().toInstant();
    }

    private static DispatchMessage dispatch() {
        return ChannelDispatches.to(Channel.EMAIL, "throttle-" + UUID.randomUUID() + "@example.com")
                .data(Map.of("orderId", "T-1")).build();
    }
}
