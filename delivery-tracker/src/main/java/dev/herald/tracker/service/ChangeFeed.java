package dev.herald.tracker.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.tracker.config.TrackerConfig;
import dev.herald.tracker.model.NotificationChange;
import dev.herald.tracker.repository.NotificationStateStore;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Committed notification changes, from every replica: a dedicated PostgreSQL connection {@code LISTEN}s on
 * {@link NotificationStateStore#CHANGES_CHANNEL}, to which every write path {@code NOTIFY}s inside its transaction
 * (delivered at commit, never for a rollback), and rebroadcasts each change to this replica's live streams. So a
 * stream served by one replica sees what any replica recorded, and no broker queue or sticky routing is needed.
 *
 * <p>Notifications are not stored: a change committed while the listener is disconnected is not replayed. That is
 * why each stream starts with a snapshot of the current state, and a client that reconnects gets a fresh one.
 */
@ApplicationScoped
public class ChangeFeed {

    private final BroadcastProcessor<NotificationChange> changes = BroadcastProcessor.create();
    private final Vertx vertx;
    private final ObjectMapper json;
    private final boolean enabled;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private volatile PgSubscriber subscriber;
    private final AtomicInteger openStreams = new AtomicInteger();
    private volatile boolean listening;

    ChangeFeed(Vertx vertx, ObjectMapper json, TrackerConfig config,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.json = json;
        this.enabled = config.liveUpdates().enabled();
        this.url = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        this.username = username;
        this.password = password;
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        PgSubscriber listener = PgSubscriber.subscriber(vertx, options)
                // After a lost connection: reconnect every second, for ever.
                .reconnectPolicy(retries -> 1_000L)
                .closeHandler(() -> {
                    listening = false;
                    Log.warn("live updates: the PostgreSQL listener connection closed; reconnecting");
                });
        listener.channel(NotificationStateStore.CHANGES_CHANNEL)
                .subscribeHandler(() -> {
                    listening = true;
                    Log.infof("live updates: listening on %s", NotificationStateStore.CHANGES_CHANNEL);
                })
                .handler(this::onNotification);
        subscriber = listener;
        listener.connect()
                .onFailure().invoke(failure -> Log.warnf("live updates: cannot listen yet (%s); retrying",
                        failure.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .subscribe().with(connected -> { }, failure -> Log.errorf("live updates: gave up: %s",
                        failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        PgSubscriber current = subscriber;
        if (current != null) {
            current.closeAndForget();
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Counts a stream in, unless {@code max} are open already. */
    public boolean openStream(int max) {
        if (openStreams.incrementAndGet() > max) {
            openStreams.decrementAndGet();
            return false;
        }
        return true;
    }

    public void closeStream() {
        openStreams.decrementAndGet();
    }

    public int openStreams() {
        return openStreams.get();
    }

    /** Whether the listener connection is up (changes are flowing). */
    public boolean listening() {
        return listening;
    }

    /** Every change committed from now on, by any replica, of any tenant: callers filter. Hot: nothing is replayed. */
    public Multi<NotificationChange> changes() {
        return changes;
    }

    private void onNotification(String payload) {
        NotificationChange change;
        try {
            change = json.readValue(payload, NotificationChange.class);
        } catch (IOException e) {
            Log.debugf("live updates: ignoring a notification that is not a change: %s", e.getMessage());
            return;
        }
        changes.onNext(change);
    }
}
