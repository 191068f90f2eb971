package dev.herald.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Gives a test module a RabbitMQ virtual host of its own, created empty before the application starts, so its
 * queues cannot collide with another module's tests or with a running {@code ./herald up}. Needs the local
 * broker's management plugin ({@code ./herald test} enables it). Init arg {@code vhost} names it.
 */
public class RabbitVhostResource implements QuarkusTestResourceLifecycleManager {

    private String vhost;

    @Override
    public void init(Map<String, String> initArgs) {
        vhost = initArgs.getOrDefault("vhost", "herald-test");
    }

    @Override
    public Map<String, String> start() {
        recreate(vhost);
        return Map.of("herald.rabbitmq.virtual-host", vhost);
    }

    @Override
    public void stop() {
    }

    /** Deletes (if present) and creates {@code vhost}, granting the test user every permission on it. */
    public static void recreate(String vhost) {
        String name = java.net.URLEncoder.encode(vhost, StandardCharsets.UTF_8);
        call("DELETE", "/api/vhosts/" + name, null, true);
        call("PUT", "/api/vhosts/" + name, "{}", false);
        call("PUT", "/api/permissions/" + name + "/" + TestInfrastructure.rabbitUser(),
                "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}", false);
    }

    private static void call(String method, String path, String body, boolean notFoundIsFine) {
        String credentials = TestInfrastructure.rabbitUser() + ":" + TestInfrastructure.rabbitPassword();
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestInfrastructure.rabbitManagementUrl() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 300 && !(notFoundIsFine && status == 404)) {
                throw new IllegalStateException(method + " " + path + " on the RabbitMQ management API answered " + status
                        + ": " + response.body());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("The RabbitMQ management API is not reachable at "
                    + TestInfrastructure.rabbitManagementUrl() + "; run the tests with ./herald test, which enables it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
