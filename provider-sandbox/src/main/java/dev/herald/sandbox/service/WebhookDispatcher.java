package dev.herald.sandbox.service;

import dev.herald.sandbox.config.SandboxConfig;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Sends webhooks some time after a provider accepted a message, like the real providers: never on the request's
 * thread, after a random delay between {@code min-delay} and {@code max-delay}, with a bounded number waiting
 * ({@code max-pending}, beyond which new ones are dropped and counted), and retried with doubling delays when the
 * receiver fails or cannot be reached. Each attempt is built afresh, so a signature over a timestamp is fresh too.
 */
@Singleton
public class WebhookDispatcher {

    /** One request to send: built at each attempt (signatures cover the time of sending). */
    public record Webhook(URI url, String contentType, byte[] body, Map<String, String> headers) {
    }

    /** What the dispatcher did so far. */
    public record Stats(int pending, long delivered, long failed, long dropped) {
    }

    private final SandboxConfig.Webhooks config;
    private final HttpClient http;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    WebhookDispatcher(SandboxConfig config) {
        this.config = config.webhooks();
        // HTTP/1.1: receivers behind simple servers do not all understand the JDK client's h2c upgrade.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(this.config.timeout()).build();
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Sends the webhook after the configured random delay plus {@code after}; returns false (and counts it) when too
     * many are waiting already.
     */
    public boolean schedule(String what, Duration after, Supplier<Webhook> webhook) {
        if (!config.enabled()) {
            return false;
        }
        if (pending.incrementAndGet() > config.maxPending()) {
            pending.decrementAndGet();
            long total = dropped.incrementAndGet();
            if (total == 1 || total % 1000 == 0) {
                Log.warnf("webhooks: %d dropped so far, more than %d waiting", total, config.maxPending());
            }
            return false;
        }
        timer.schedule(() -> attempt(what, webhook, 1), randomDelay().plus(after).toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    public Stats stats() {
        return new Stats(pending.get(), delivered.get(), failed.get(), dropped.get());
    }

    private void attempt(String what, Supplier<Webhook> build, int attempt) {
        Webhook webhook;
        try {
            webhook = build.get();
        } catch (RuntimeException e) {
            Log.errorf(e, "webhooks: cannot build %s", what);
            finish(false);
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook.url())
                .timeout(config.timeout())
                .header("Content-Type", webhook.contentType())
                .header("User-Agent", "Herald-Provider-Sandbox/1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body()));
        webhook.headers().forEach(request::header);
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            int status = response == null ? 0 : response.statusCode();
            if (failure == null && status >= 200 && status < 300) {
                Log.debugf("webhooks: %s delivered to %s (attempt %d)", what, webhook.url(), attempt);
                finish(true);
                return;
            }
            String problem = failure != null ? failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage()) : "HTTP " + status;
            if (attempt >= config.maxAttempts()) {
                Log.warnf("webhooks: %s to %s failed after %d attempts (%s); given up", what, webhook.url(), attempt,
                        problem);
                finish(false);
                return;
            }
            long delay = config.retryDelay().toMillis() << Math.min(attempt - 1, 10);
            Log.debugf("webhooks: %s to %s failed (%s); retrying in %d ms", what, webhook.url(), problem, delay);
            timer.schedule(() -> attempt(what, build, attempt + 1), delay, TimeUnit.MILLISECONDS);
        });
    }

    private void finish(boolean success) {
        pending.decrementAndGet();
        (success ? delivered : failed).incrementAndGet();
    }

    private Duration randomDelay() {
        long min = Math.max(0, config.minDelay().toMillis());
        long max = Math.max(min, config.maxDelay().toMillis());
        return Duration.ofMillis(min == max ? min : ThreadLocalRandom.current().nextLong(min, max + 1));
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        http.shutdownNow();
    }
}
