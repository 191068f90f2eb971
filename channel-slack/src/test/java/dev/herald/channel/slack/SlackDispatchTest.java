package dev.herald.channel.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.channel.core.testing.ChannelDispatches;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.messaging.Topology;
import dev.herald.common.testing.BrokerProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SlackDispatchTest {

    private static final String POST_MESSAGE = WireMockSlackApi.POST_MESSAGE;

    /** Set by {@link WireMockSlackApi}. */
    WireMockServer slackApi;

    @Inject
    BrokerProbe broker;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void dispatchConsumerIsReady() {
        broker.awaitReady();
    }

    @Test
    void postsBlocksAndFallbackTextToTheChannelAndReportsSentWithChannelAndTs() throws Exception {
        String channel = uniqueChannel();
        stub(channel, okJson("{\"ok\": true, \"channel\": \"" + channel + "\", \"ts\": \"1700000000.000100\","
                + " \"message\": {\"type\": \"message\", \"text\": \"...\"}}"));
        DispatchMessage dispatch = dispatch("order.shipped", "en", "channel:" + channel, Map.of(
                "orderId", "A-1001",
                "carrier", "<!channel> & <https://evil.example|DHL>",
                "items", List.of(Map.of("name", "Tea", "quantity", 2))), 1);

        broker.publishDispatch(dispatch);

        StatusMessage sent = broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        assertEquals("slack", sent.provider());
        assertEquals(channel + "/1700000000.000100", sent.providerMessageId());

        LoggedRequest request = onlyRequestTo(channel);
        assertEquals("Bearer xoxb-sandbox-token", request.getHeader("Authorization"));
        String text = request.formParameter("text").firstValue();
        String escapedCarrier = "&lt;!channel&gt; &amp; &lt;https://evil.example|DHL&gt;";
        assertTrue(text.startsWith(":package: *Your order A-1001 has shipped* with " + escapedCarrier + "."), text);
        assertTrue(text.contains("• 2 × Tea"), text);
        assertFalse(text.contains("<!channel>"), text);

        JsonNode blocks = json.readTree(request.formParameter("blocks").firstValue());
        assertEquals(2, blocks.size(), blocks.toString());
        assertEquals("section", blocks.path(0).path("type").asText());
        assertEquals("mrkdwn", blocks.path(0).path("text").path("type").asText());
        assertEquals(text, blocks.path(0).path("text").path("text").asText());
        assertEquals("context", blocks.path(1).path("type").asText());
        assertEquals("order.shipped", blocks.path(1).path("elements").path(0).path("text").asText());
        // chat.postMessage alone: no auth.test for the SDK's statistics or anything else WireMock does not know.
        assertEquals(List.of(), slackApi.findAllUnmatchedRequests());
    }

    @Test
    void sendsADirectMessageByPostingToTheUserIdAndKeepsTheDmChannelSlackAnswers() throws Exception {
        String user = "U" + uniqueId();
        stub(user, okJson("{\"ok\": true, \"channel\": \"D0APPDM\", \"ts\": \"1700000001.000200\"}"));
        DispatchMessage dispatch = dispatch("order.shipped", "de-AT", "user:" + user, Map.of("orderId", "B-7"), 1);

        broker.publishDispatch(dispatch);

        StatusMessage sent = broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        assertEquals("D0APPDM/1700000001.000200", sent.providerMessageId());
        String text = onlyRequestTo(user).formParameter("text").firstValue();
        assertEquals(":package: *Ihre Bestellung B-7 wurde versandt*.", text);
    }

    @Test
    void usesTheGenericTemplateForATypeWithoutTemplatesAndEscapesItsData() throws Exception {
        String channel = uniqueChannel();
        DispatchMessage dispatch = dispatch("account.password-changed", "en", "channel:" + channel,
                Map.of("device", "<script> & co"), 1);

        broker.publishDispatch(dispatch);

        broker.awaitStatus(dispatch.notificationId(), NotificationState.SENT);
        String text = onlyRequestTo(channel).formParameter("text").firstValue();
        assertEquals("*New notification:* account.password-changed\n• *device:* &lt;script&gt; &amp; co", text);
    }

    @Test
    void reportsFailedWhenTheChannelDoesNotExist() {
        Answered answered = postAnswered(okJson(slackError("channel_not_found")), 1, NotificationState.FAILED);

        assertEquals("slack", answered.status().provider());
        assertTrue(answered.status().reason().startsWith("channel_not_found ("), answered.status().reason());
        assertEquals(1, answered.requests());
    }

    @Test
    void reportsFailedWhenSlackRefusesTheBotToken() {
        Answered answered = postAnswered(okJson(slackError("invalid_auth")), 1, NotificationState.FAILED);

        assertTrue(answered.status().reason().startsWith("invalid_auth (Slack refused the bot token)"),
                answered.status().reason());
        assertEquals(1, answered.requests());
    }

    @Test
    void parksARateLimitedMessageForAtLeastItsRetryAfter() {
        Answered answered = postAnswered(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withHeader("Content-Type", "application/json").withBody(slackError("ratelimited")), 1,
                NotificationState.RETRYING);

        String reason = answered.status().reason();
        assertTrue(reason.startsWith("attempt 1 of 5 failed: rate_limited"), reason);
        assertTrue(reason.endsWith("next attempt in 1m"), reason);
        BrokerProbe.Delivery parked = awaitParkedForOneMinute(answered.dispatch());
        assertEquals(2, ((Number) parked.headers().get(MessageHeaders.ATTEMPT)).intValue());
        assertEquals(1, answered.requests());
    }

    @Test
    void retriesSlacksInternalError() {
        Answered answered = postAnswered(okJson(slackError("internal_error")), 1, NotificationState.RETRYING);

        assertEquals(1, answered.status().attempt());
        assertTrue(answered.status().reason().contains("internal_error (Slack had an internal error)"),
                answered.status().reason());
    }

    @Test
    void retriesWhenSlackIsUnavailable() {
        Answered answered = postAnswered(aResponse().withStatus(503).withBody("upstream unavailable"), 2,
                NotificationState.RETRYING);

        assertEquals(2, answered.status().attempt());
        assertTrue(answered.status().reason().contains("http_503 (HTTP 503: Slack is unavailable)"),
                answered.status().reason());
        awaitParkedForOneMinute(answered.dispatch());
    }

    @Test
    void reportsFailedWithoutCallingSlackForAnAddressThatIsNoSlackTarget() {
        String bogus = "team:" + uniqueId();
        DispatchMessage dispatch = dispatch("order.shipped", "en", bogus, Map.of("orderId", "H-8"), 1);

        broker.publishDispatch(dispatch);

        StatusMessage failed = broker.awaitStatus(dispatch.notificationId(), NotificationState.FAILED);
        assertTrue(failed.reason().startsWith("invalid_address"), failed.reason());
        assertTrue(slackApi.findAll(postRequestedFor(urlEqualTo(POST_MESSAGE))).stream()
                .noneMatch(request -> request.getBodyAsString().contains(bogus.substring("team:".length()))));
    }

    /** A dispatch to a channel of its own, posted once with Slack giving {@code answer}, and its awaited status. */
    private record Answered(DispatchMessage dispatch, StatusMessage status, int requests) {
    }

    private Answered postAnswered(ResponseDefinitionBuilder answer, int attempt, NotificationState awaited) {
        String channel = uniqueChannel();
        stub(channel, answer);
        DispatchMessage dispatch = dispatch("order.shipped", "en", "channel:" + channel,
                Map.of("orderId", "O-" + uniqueId()), attempt);
        broker.publishDispatch(dispatch);
        StatusMessage status = broker.awaitStatus(dispatch.notificationId(), awaited);
        return new Answered(dispatch, status, slackApi.findAll(requestsTo(channel)).size());
    }

    private BrokerProbe.Delivery awaitParkedForOneMinute(DispatchMessage dispatch) {
        return broker.awaitMessage(Topology.retryQueue(Channel.SLACK, Duration.ofMinutes(1)),
                delivery -> delivery.body().contains(dispatch.notificationId().toString()));
    }

    private static String slackError(String error) {
        return "{\"ok\": false, \"error\": \"" + error + "\"}";
    }

    private void stub(String conversation, ResponseDefinitionBuilder response) {
        slackApi.stubFor(post(urlEqualTo(POST_MESSAGE)).atPriority(1)
                .withFormParam("channel", equalTo(conversation))
                .willReturn(response));
    }

    private static RequestPatternBuilder requestsTo(String conversation) {
        return postRequestedFor(urlEqualTo(POST_MESSAGE)).withFormParam("channel", equalTo(conversation));
    }

    private LoggedRequest onlyRequestTo(String conversation) {
        List<LoggedRequest> requests = slackApi.findAll(requestsTo(conversation));
        assertEquals(1, requests.size(), "requests to " + conversation);
        return requests.getFirst();
    }

    private static String uniqueChannel() {
        return "C" + uniqueId();
    }

    private static String uniqueId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
    }

    private static DispatchMessage dispatch(String type, String locale, String address, Map<String, Object> data,
            int attempt) {
        return ChannelDispatches.dispatch(Channel.SLACK, type, locale, address, data, attempt, null);
    }
}
