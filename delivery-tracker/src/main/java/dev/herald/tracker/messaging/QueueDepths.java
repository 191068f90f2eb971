package dev.herald.tracker.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.messaging.BrokerConfig;
import dev.herald.tracker.config.TrackerConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Queue depths from the RabbitMQ management API ({@code GET /api/queues/<vhost>}), for the operator page. One call
 * lists every queue of Herald's vhost; the API samples depths every few seconds, which is what a page needs.
 */
@ApplicationScoped
public class QueueDepths {

    /** One queue: messages in it (ready and unacknowledged) and its consumers. */
    public record QueueDepth(String queue, long messages, long ready, long unacknowledged, int consumers) {
    }

    private final ObjectMapper json;
    private final TrackerConfig.RabbitmqManagement config;
    private final String vhost;
    private final String authorization;
    // HTTP/1.1: the management listener does not understand the JDK client's h2c upgrade attempt.
    private final HttpClient http;

    QueueDepths(ObjectMapper json, TrackerConfig config, BrokerConfig broker) {
        this.json = json;
        this.config = config.rabbitmqManagement();
        this.vhost = broker.virtualHost();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (this.config.username() + ":" + this.config.password()).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(this.config.timeout()).build();
    }

    /** Every queue of Herald's vhost by name; fails when the management API cannot be reached or refuses. */
    public Uni<Map<String, QueueDepth>> all() {
        String base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
        URI uri = URI.create(base + "/api/queues/" + URLEncoder.encode(vhost, StandardCharsets.UTF_8).replace("+", "%20")
                + "?columns=name,messages,messages_ready,messages_unacknowledged,consumers");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .timeout(config.timeout())
                .GET()
                .build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                .map(this::parse);
    }

    private Map<String, QueueDepth> parse(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the RabbitMQ management API answered " + response.statusCode());
        }
        try {
            JsonNode queues = json.readTree(response.body());
            Map<String, QueueDepth> depths = new HashMap<>();
            for (JsonNode queue : queues) {
                String name = queue.path("name").asText();
                depths.put(name, new QueueDepth(name, queue.path("messages").asLong(0),
                        queue.path("messages_ready").asLong(0), queue.path("messages_unacknowledged").asLong(0),
                        queue.path("consumers").asInt(0)));
            }
            return depths;
        } catch (IOException e) {
            throw new UncheckedIOException("the RabbitMQ management API answered something that is not JSON", e);
        }
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
