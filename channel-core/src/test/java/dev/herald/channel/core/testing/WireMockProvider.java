package dev.herald.channel.core.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock server standing in for a channel's provider API in {@code @QuarkusTest}s, on a free port, so the real
 * SDK talks to it. A channel module extends it once, adds the provider's default stubs and points its config at the
 * server in {@link #configure}, and registers the subclass with {@code @QuarkusTestResource}. Test fields of type
 * {@link WireMockServer} receive the server, so tests add stubs for their own recipients and inspect the requests.
 */
public abstract class WireMockProvider implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public final Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        return configure(server);
    }

    /**
     * Stubs what every test expects of the provider (typically: accept every message with a fresh id, at a low
     * priority that tests' own stubs override) and returns the configuration that points the channel at
     * {@code server}, e.g. {@code herald.sms.twilio.base-url=http://localhost:<port>}.
     */
    protected abstract Map<String, String> configure(WireMockServer server);

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.MatchesType(WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
