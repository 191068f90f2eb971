package dev.herald.channel.email;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.channel.core.testing.WireMockProvider;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * WireMock standing in for api.sendgrid.com; the real sendgrid-java client talks to it over plain HTTP. It accepts
 * every mail with a fresh {@code X-Message-Id}; tests add stubs for their own recipients.
 */
public class WireMockSendGrid extends WireMockProvider {

    @Override
    protected Map<String, String> configure(WireMockServer server) {
        server.stubFor(post(urlEqualTo("/v3/mail/send")).atPriority(10)
                .willReturn(aResponse().withStatus(202)
                        .withHeader("X-Message-Id", "{{randomValue length=22 type='ALPHANUMERIC'}}")
                        .withTransformers("response-template")));
        return Map.of(
                "herald.email.sendgrid.host", "localhost:" + server.port(),
                "herald.email.sendgrid.plain-http", "true");
    }
}
