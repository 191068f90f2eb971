package dev.herald.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

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
        RabbitManagement.recreateVhost(vhost);
    }
}
