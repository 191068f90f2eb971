package dev.herald.channel.email;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock server standing in for api.sendgrid.com on a free port; the real sendgrid-java client talks to it over
 * plain HTTP. It accepts every mail with a fresh {@code X-Message-Id}; tests add stubs for their own recipients.
 */
public class WireMockSendGrid implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(post(urlEqualTo("/v3/mail/send")).atPriority(10)
                .willReturn(aResponse().withStatus(202)
                        .withHeader("X-Message-Id", "{{randomValue length=22 type='ALPHANUMERIC'}}")
                        .withTransformers("response-template")));
        return Map.of(
                "herald.email.sendgrid.host", "localhost:" + server.port(),
                "herald.email.sendgrid.plain-http", "true");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
