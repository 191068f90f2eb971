package dev.herald.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a test module a RabbitMQ virtual host of its own, emptied before the application starts, so its
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

    /** Makes {@code vhost} exist with every queue empty and no policies (see {@link RabbitManagement#resetVhost}). */
    public static void recreate(String vhost) {
        RabbitManagement.resetVhost(vhost);
    }
}
