package dev.herald.channel.sms;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock standing in for api.twilio.com on a free port: the channel's base URL points at it, and the real Twilio SDK
 * talks to it. It queues every message with a fresh {@code SM...} sid; tests stub their own recipients' answers.
 * Test fields of type {@link WireMockServer} receive the server.
 */
public class WireMockTwilio implements QuarkusTestResourceLifecycleManager {

    static final String ACCOUNT_SID = "ACsandbox00000000000000000000000000";
    static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(post(urlEqualTo(MESSAGES)).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"SM{{randomValue length=32 type='HEXADECIMAL'}}\", \"status\": \"queued\"}")
                        .withTransformers("response-template")));
        return Map.of("herald.sms.twilio.base-url", "http://localhost:" + server.port());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, field -> field.getType() == WireMockServer.class);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
