package dev.herald.common.messaging;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The service's own AMQP connection, used to declare the topology and to publish with confirms. It is opened
 * before the messaging connector starts its consumers, so the queues they read exist; while the broker is
 * unreachable it keeps trying, and once open the client's automatic recovery takes over (connection and channels;
 * the topology is declared again by this class after every recovery).
 */
@ApplicationScoped
public class BrokerConnection {

    private final BrokerConfig config;
    private final TopologyDeclarer topology;
    private final String applicationName;
    private final List<Consumer<Connection>> onConnect = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "herald-broker-connect");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Connection connection;
    private volatile boolean stopped;

    BrokerConnection(BrokerConfig config, TopologyDeclarer topology,
            @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.config = config;
        this.topology = topology;
        this.applicationName = applicationName;
    }

    /** Runs {@code listener} on every new connection, and at once if one is open. */
    public void onConnect(Consumer<Connection> listener) {
        onConnect.add(listener);
        Connection current = connection;
        if (current != null && current.isOpen()) {
            listener.accept(current);
        }
    }

    /** The open connection, or {@link BrokerUnavailableException} when there is none. */
    public Connection connection() {
        Connection current = connection;
        if (current == null || !current.isOpen()) {
            throw new BrokerUnavailableException("RabbitMQ is not reachable at " + config.host() + ":" + config.port());
        }
        return current;
    }

    public boolean isOpen() {
        Connection current = connection;
        return current != null && current.isOpen();
    }

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (!tryConnect()) {
            scheduleReconnect();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        reconnector.shutdownNow();
        Connection current = connection;
        if (current != null && current.isOpen()) {
            try {
                current.close(2_000);
            } catch (Exception e) {
                Log.debugf(e, "closing the RabbitMQ connection");
            }
        }
    }

    /**
     * Opens the connection and declares the topology; false where the broker is unreachable. A topology that
     * clashes with what the broker already has (PRECONDITION_FAILED) is a configuration error and fails loudly.
     */
    private synchronized boolean tryConnect() {
        if (stopped || isOpen()) {
            return true;
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.host());
        factory.setPort(config.port());
        factory.setUsername(config.username());
        factory.setPassword(config.password());
        factory.setVirtualHost(config.virtualHost());
        factory.setAutomaticRecoveryEnabled(true);
        // The client would replay every declaration on the channels TopologyDeclarer has closed since (and log an
        // error for each); the whole topology is declared again after a recovery instead.
        factory.setTopologyRecoveryEnabled(false);
        factory.setNetworkRecoveryInterval(config.recoveryInterval().toMillis());
        factory.setRequestedHeartbeat(15);
        factory.setConnectionTimeout(5_000);
        try {
            Connection opened = factory.newConnection(applicationName);
            ((Recoverable) opened).addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recoverable) {
                    Log.info("RabbitMQ connection recovered");
                    // Not on the connection's own thread, which must stay free to read the declarations' answers.
                    reconnector.execute(() -> redeclare(opened));
                }

                @Override
                public void handleRecoveryStarted(Recoverable recoverable) {
                    Log.warn("RabbitMQ connection lost; recovering");
                }
            });
            try {
                topology.declare(opened);
            } catch (java.io.IOException | RuntimeException e) {
                opened.abort(2_000);
                throw e;
            }
            connection = opened;
            Log.infof("Connected to RabbitMQ at %s:%d, vhost %s", config.host(), config.port(), config.virtualHost());
            for (Consumer<Connection> listener : onConnect) {
                listener.accept(opened);
            }
            return true;
        } catch (java.io.IOException e) {
            if (isPreconditionFailure(e)) {
                throw new IllegalStateException("RabbitMQ already has Herald's queues declared with other arguments; "
                        + "delete them or restore the previous settings: " + rootMessage(e), e);
            }
            Log.warnf("RabbitMQ at %s:%d is not reachable (%s); retrying every %s", config.host(), config.port(),
                    rootMessage(e), config.recoveryInterval());
            return false;
        } catch (Exception e) {
            Log.warnf("RabbitMQ at %s:%d is not reachable (%s); retrying every %s", config.host(), config.port(),
                    e.getMessage(), config.recoveryInterval());
            return false;
        }
    }

    /** After a recovery: a broker that lost its definitions (a new node, a reset) gets the whole topology again. */
    private void redeclare(Connection recovered) {
        try {
            topology.declare(recovered);
        } catch (java.io.IOException | RuntimeException e) {
            Log.warnf("declaring the topology again after the recovery failed: %s", rootMessage(e));
        }
    }

    private static boolean isPreconditionFailure(Throwable e) {
        return rootMessage(e).contains("PRECONDITION_FAILED");
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }

    private void scheduleReconnect() {
        reconnector.schedule(() -> {
            if (!tryConnect()) {
                scheduleReconnect();
            }
        }, config.recoveryInterval().toMillis(), TimeUnit.MILLISECONDS);
    }
}
