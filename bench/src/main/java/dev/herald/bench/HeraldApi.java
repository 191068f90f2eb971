package dev.herald.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The platform's HTTP APIs the benchmark uses, over one asynchronous {@link HttpClient} (HTTP/1.1, keep-alive). */
public final class HeraldApi implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final BenchOptions options;
    private final ExecutorService executor;
    private final HttpClient http;

    public HeraldApi(BenchOptions options) {
        this.options = options;
        // Response handling is short; a few platform threads keep up with thousands of responses per second.
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "bench-http");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    /** One recorded provider call, as {@code GET /sandbox/messages} lists it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SandboxMessage(String channel, String to, Map<String, String> data, String receivedAt) {

        /** SendGrid's custom arg that channel-email sets; other channels have none. */
        public String eventId() {
            return data == null ? null : data.get("herald_event_id");
        }

        public Instant received() {
            return Instant.parse(receivedAt);
        }
    }

    /** One row of {@code GET /v1/notifications}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TrackedNotification(String notificationId, String eventId, String userId, String channel,
            String state, String createdAt, String updatedAt) {
    }

    public record NotificationPage(List<TrackedNotification> items, String nextCursor) {
    }

    /** Fails with a clear message unless every service the benchmark talks to is ready. */
    public void requireReady() {
        for (URI base : List.of(options.ingress(), options.filter(), options.tracker(), options.sandbox())) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(base + " is not ready (" + response.statusCode() + ")");
                }
            } catch (IOException e) {
                throw new IllegalStateException(base + " does not answer: is the platform up (./herald up, with the same "
                        + "HERALD_PORT_OFFSET)?", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public CompletableFuture<HttpResponse<String>> putUser(int index, boolean allChannels) {
        HttpRequest request = authorized(options.filter().resolve("/v1/users/" + Users.id(index)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Users.body(index, allChannels)))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    public CompletableFuture<HttpResponse<String>> getUser(int index) {
        return http.sendAsync(authorized(options.filter().resolve("/v1/users/" + Users.id(index))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public CompletableFuture<HttpResponse<String>> postEvent(String body, Duration timeout) {
        HttpRequest request = authorized(options.ingress().resolve("/v1/events"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST /v1/events} with an {@code Idempotency-Key}: a retry after an unclear outcome publishes nothing new. */
    public CompletableFuture<HttpResponse<String>> postEvent(String body, String idempotencyKey, Duration timeout) {
        HttpRequest request = authorized(options.ingress().resolve("/v1/events"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** {@code PUT /sandbox/faults/{channel}}: the sandbox answers that channel's calls with the fault. */
    public void sandboxFault(String channel, double errorRate, int status) {
        requireSuccess(HttpRequest.newBuilder(options.sandbox().resolve("/sandbox/faults/" + channel))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"errorRate\":" + errorRate + ",\"status\":" + status + "}"))
                .build(), -1);
    }

    /** {@code DELETE /sandbox/faults}: every channel answers normally again. */
    public void clearSandboxFaults() {
        requireSuccess(HttpRequest.newBuilder(options.sandbox().resolve("/sandbox/faults")).DELETE().build(), -1);
    }

    private void requireSuccess(HttpRequest request, int ignored) {
        HttpResponse<String> response = send(request, -1);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode()
                    + ": " + abbreviate(response.body()));
        }
    }

    /** The {@code eventId} of a {@code 202} answer. */
    public static String eventId(String acceptedBody) {
        try {
            return JSON.readTree(acceptedBody).path("eventId").asText(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int sandboxCount() {
        JsonNode count = getJson(options.sandbox().resolve("/sandbox/messages/count"), false);
        return count.path("count").asInt();
    }

    /** Everything the sandbox recorded since it was last cleared, oldest first; read as a stream. */
    public List<SandboxMessage> sandboxMessages() {
        HttpRequest request = HttpRequest.newBuilder(options.sandbox().resolve("/sandbox/messages"))
                .timeout(Duration.ofMinutes(2)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET /sandbox/messages answered " + response.statusCode());
                }
                List<SandboxMessage> messages = new ArrayList<>();
                try (MappingIterator<SandboxMessage> it = JSON.readerFor(SandboxMessage.class).readValues(body)) {
                    it.forEachRemaining(messages::add);
                }
                return messages;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void clearSandbox() {
        send(HttpRequest.newBuilder(options.sandbox().resolve("/sandbox/messages")).DELETE().build(), 204);
    }

    /** A page of the tenant's notifications, newest first. */
    public NotificationPage notifications(String cursor, int limit) {
        String query = "?limit=" + limit + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        JsonNode page = getJson(options.tracker().resolve("/v1/notifications" + query), true);
        List<TrackedNotification> items = new ArrayList<>();
        for (JsonNode item : page.path("items")) {
            items.add(JSON.convertValue(item, TrackedNotification.class));
        }
        JsonNode next = page.get("nextCursor");
        return new NotificationPage(items, next == null || next.isNull() ? null : next.asText());
    }

    /** {@code GET /v1/notifications/{id}}: the notification with its history. */
    public JsonNode notification(String notificationId) {
        return getJson(options.tracker().resolve("/v1/notifications/" + notificationId), true);
    }

    /** {@code GET /v1/events/{id}}, or null while the tracker knows nothing of it. */
    public JsonNode event(String eventId) {
        HttpResponse<String> response = send(authorized(options.tracker().resolve("/v1/events/" + eventId))
                .timeout(Duration.ofSeconds(30)).GET().build(), -1);
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /v1/events/" + eventId + " answered " + response.statusCode());
        }
        return parse(response.body());
    }

    private JsonNode getJson(URI uri, boolean authorized) {
        HttpRequest.Builder builder = authorized ? authorized(uri) : HttpRequest.newBuilder(uri);
        return parse(send(builder.timeout(Duration.ofSeconds(60)).GET().build(), 200).body());
    }

    private HttpResponse<String> send(HttpRequest request, int expectedStatus) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (expectedStatus > 0 && response.statusCode() != expectedStatus) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + abbreviate(response.body()));
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + options.apiKey());
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    @Override
    public void close() {
        http.close();
        executor.shutdownNow();
    }
}
