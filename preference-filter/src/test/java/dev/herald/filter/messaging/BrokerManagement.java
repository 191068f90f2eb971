package dev.herald.filter.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.test.TestInfrastructure;
import org.eclipse.microprofile.config.ConfigProvider;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The RabbitMQ management API on the test vhost: policies that make a queue misbehave, and queue depths. */
final class BrokerManagement {

    private BrokerManagement() {
    }

    /** Makes {@code queue} refuse every publish (a full queue: {@code max-length 0}, overflow {@code reject-publish}). */
    static void refusePublishesTo(String queue, String policyName) throws Exception {
        String body = """
                {"pattern": "^%s$", "definition": {"max-length": 0}, "apply-to": "queues", "priority": 100}"""
                .formatted(queue.replace(".", "\\\\."));
        call("PUT", "/api/policies/" + vhost() + "/" + policyName, body);
    }

    static void removePolicy(String policyName) throws Exception {
        call("DELETE", "/api/policies/" + vhost() + "/" + policyName, null);
    }

    /** Ready plus unacknowledged messages of {@code queue}, as the management API last sampled them. */
    static int depth(String queue) throws Exception {
        JsonNode info = new ObjectMapper().readTree(call("GET", "/api/queues/" + vhost() + "/" + queue, null));
        return info.path("messages").asInt(-1);
    }

    private static String vhost() {
        return URLEncoder.encode(ConfigProvider.getConfig().getValue("herald.rabbitmq.virtual-host", String.class),
                StandardCharsets.UTF_8);
    }

    private static String call(String method, String path, String body) throws Exception {
        String credentials = TestInfrastructure.rabbitUser() + ":" + TestInfrastructure.rabbitPassword();
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestInfrastructure.rabbitManagementUrl() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }
    }
}
