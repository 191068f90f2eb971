package dev.herald.bench.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.bench.BenchOptions;
import dev.herald.bench.HeraldApi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** The few calls of RabbitMQ's management HTTP API the benchmark needs: a vhost of its own, and the broker's memory. */
public final class RabbitManagement {

    private final BenchOptions.Broker broker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RabbitManagement(BenchOptions.Broker broker) {
        this.broker = broker;
    }

    /** Deletes {@code vhost} if it exists, creates it empty and gives the benchmark's user every permission on it. */
    public void recreateVhost(String vhost) {
        deleteVhost(vhost);
        call("PUT", "/api/vhosts/" + encode(vhost), null, 201, 204);
        call("PUT", "/api/permissions/" + encode(vhost) + "/" + encode(broker.username()),
                "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}", 201, 204);
    }

    public void deleteVhost(String vhost) {
        call("DELETE", "/api/vhosts/" + encode(vhost), null, 204, 404);
    }

    /** RabbitMQ's own view of its memory use (the node's {@code mem_used}), in bytes; -1 when unknown. */
    public long nodeMemoryUsed() {
        try {
            long used = 0;
            for (JsonNode node : HeraldApi.JSON.readTree(call("GET", "/api/nodes?columns=name,mem_used", null, 200))) {
                used += node.path("mem_used").asLong();
            }
            return used;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Messages in each queue of {@code vhost} (ready and unacknowledged), as the management API last sampled them. */
    public Map<String, Long> queueDepths(String vhost) {
        Map<String, Long> depths = new TreeMap<>();
        try {
            for (JsonNode queue : HeraldApi.JSON.readTree(call("GET", "/api/queues/" + encode(vhost) + "?columns=name,messages",
                    null, 200))) {
                depths.put(queue.path("name").asText(), queue.path("messages").asLong());
            }
        } catch (IOException | RuntimeException e) {
            // the management API is busy or away: skip this sample
        }
        return depths;
    }

    /** The broker's version, for the report. */
    public String version() {
        try {
            return HeraldApi.JSON.readTree(call("GET", "/api/overview?columns=rabbitmq_version,erlang_version", null, 200))
                    .path("rabbitmq_version").asText("?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private String call(String method, String path, String body, int... expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(broker.management() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (broker.username() + ":" + broker.password()).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (int status : expected) {
                if (response.statusCode() == status) {
                    return response.body();
                }
            }
            throw new IllegalStateException("RabbitMQ management " + method + " " + path + " answered "
                    + response.statusCode() + ": " + response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("RabbitMQ management API at " + broker.management() + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
