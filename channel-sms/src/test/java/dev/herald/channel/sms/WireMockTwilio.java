package dev.herald.channel.sms;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.channel.core.testing.WireMockProvider;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * WireMock standing in for api.twilio.com: the channel's base URL points at it, and the real Twilio SDK talks to it.
 * It queues every message with a fresh {@code SM...} sid; tests stub their own recipients' answers.
 */
public class WireMockTwilio extends WireMockProvider {

    static final String ACCOUNT_SID = "ACsandbox00000000000000000000000000";
    static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

    @Override
    protected Map<String, String> configure(WireMockServer server) {
        server.stubFor(post(urlEqualTo(MESSAGES)).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"SM{{randomValue length=32 type='HEXADECIMAL'}}\", \"status\": \"queued\"}")
                        .withTransformers("response-template")));
        return Map.of("herald.sms.twilio.base-url", "http://localhost:" + server.port());
    }
}
