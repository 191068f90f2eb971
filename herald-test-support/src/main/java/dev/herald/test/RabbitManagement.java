package dev.herald.test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The local broker's management API, as tests need it: vhosts, policies that make queues misbehave, queue depths. */
public final class RabbitManagement {

    private static final Pattern MESSAGES = Pattern.compile("\"messages\"\\s*:\\s*(\\d+)");

    private RabbitManagement() {
    }

    /**
     * Makes {@code vhost} exist, empty and without policies, granting the test user every permission on it. The
     * vhost is kept and its queues purged rather than deleted: deleting a vhost deletes every quorum queue in it,
     * one Raft cluster at a time, which under load stalls the whole broker for minutes.
     */
    public static void resetVhost(String vhost) {
        String name = encode(vhost);
        call("PUT", "/api/vhosts/" + name, "{}", false);
        call("PUT", "/api/permissions/" + name + "/" + TestInfrastructure.rabbitUser(),
                "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}", false);
        for (String policy : names(call("GET", "/api/policies/" + name + "?columns=name", null, false))) {
            removePolicy(vhost, policy);
        }
        for (String queue : names(call("GET", "/api/queues/" + name + "?columns=name", null, false))) {
            // an exclusive queue of a connection still closing cannot be purged; it goes away with its connection
            try {
                call("DELETE", "/api/queues/" + name + "/" + encode(queue) + "/contents", null, true);
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains("RESOURCE_LOCKED") && !e.getMessage().contains("405")) {
                    throw e;
                }
            }
        }
    }

    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static java.util.List<String> names(String json) {
        java.util.List<String> names = new java.util.ArrayList<>();
        Matcher matcher = NAME.matcher(json);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Makes {@code queue} refuse every publish, as a full queue does ({@code max-length 0}, reject-publish). */
    public static void refusePublishesTo(String vhost, String queue, String policyName) {
        String body = """
                {"pattern": "^%s$", "definition": {"max-length": 0}, "apply-to": "queues", "priority": 100}"""
                .formatted(queue.replace(".", "\\\\."));
        call("PUT", "/api/policies/" + encode(vhost) + "/" + policyName, body, false);
    }

    public static void removePolicy(String vhost, String policyName) {
        call("DELETE", "/api/policies/" + encode(vhost) + "/" + policyName, null, true);
    }

    /** Ready plus unacknowledged messages of {@code queue}, as the management API last sampled them; -1 if unknown. */
    public static int depth(String vhost, String queue) {
        Matcher matcher = MESSAGES.matcher(call("GET", "/api/queues/" + encode(vhost) + "/" + encode(queue), null, false));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    /** Calls the management API and returns the body; a status of 300 or more fails, but 404 where allowed. */
    public static String call(String method, String path, String body, boolean notFoundIsFine) {
        String credentials = TestInfrastructure.rabbitUser() + ":" + TestInfrastructure.rabbitPassword();
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestInfrastructure.rabbitManagementUrl() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                // deleting a vhost deletes its quorum queues one Raft cluster at a time: allow it time
                .timeout(java.time.Duration.ofMinutes(3))
                .build();
        // HTTP/1.1: the JDK client's h2c upgrade attempt is not understood by the management listener
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 300 && !(notFoundIsFine && status == 404)) {
                throw new IllegalStateException(method + " " + path + " on the RabbitMQ management API answered " + status
                        + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("The RabbitMQ management API is not reachable at "
                    + TestInfrastructure.rabbitManagementUrl() + "; run the tests with ./herald test, which enables it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
