package dev.herald.sandbox.webhook;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver for the sandbox's webhooks, started before the application: a plain JDK HTTP server on a free port that
 * keeps every request. The sandbox is pointed at it ({@code /sendgrid}, {@code /twilio}); a path starting
 * {@code /flaky} answers 503 the first time it is called, to make the sandbox retry. SendGrid batches are capped at 6
 * events here, so a test can fill one.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {

    /** One request as received. */
    public record Received(String path, Map<String, String> headers, byte[] body) {
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static volatile int port;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int call = CALLS.computeIfAbsent(path, key -> new AtomicInteger()).incrementAndGet();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean fail = path.startsWith("/flaky") && call == 1;
            if (!fail) {
                RECEIVED.add(new Received(path, headers, body));
            }
            exchange.sendResponseHeaders(fail ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
        System.setProperty("herald.test.webhook-receiver", base());
        return Map.of(
                "herald.sandbox.webhooks.sendgrid-url", base() + "/sendgrid",
                "herald.sandbox.webhooks.twilio-url", base() + "/twilio",
                "herald.sandbox.webhooks.min-delay", "20ms",
                "herald.sandbox.webhooks.max-delay", "80ms",
                "herald.sandbox.webhooks.retry-delay", "100ms",
                "herald.sandbox.webhooks.sendgrid-batch-window", "300ms",
                "herald.sandbox.webhooks.sendgrid-batch-max-events", "6");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static String base() {
        return System.getProperty("herald.test.webhook-receiver", "http://127.0.0.1:" + port);
    }

    static List<Received> received() {
        return List.copyOf(RECEIVED);
    }

    static int calls(String path) {
        AtomicInteger calls = CALLS.get(path);
        return calls == null ? 0 : calls.get();
    }
}
