package dev.herald.channel.slack;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.channel.core.testing.WireMockProvider;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * slack.com/api for the real slack-api-client: {@code chat.postMessage} succeeds for any channel with a fixed
 * {@code ts} unless a test stubs its own channel. Any other method is unstubbed (404), so a test would notice the SDK
 * calling one (such as {@code auth.test} for its statistics).
 */
public class WireMockSlackApi extends WireMockProvider {

    static final String POST_MESSAGE = "/api/chat.postMessage";

    @Override
    protected Map<String, String> configure(WireMockServer server) {
        server.stubFor(post(urlEqualTo(POST_MESSAGE)).atPriority(10)
                .willReturn(okJson("{\"ok\": true, \"channel\": \"C0DEFAULT\", \"ts\": \"1700000000.000001\"}")));
        return Map.of("herald.slack.api-url", server.baseUrl() + "/api/");
    }
}
