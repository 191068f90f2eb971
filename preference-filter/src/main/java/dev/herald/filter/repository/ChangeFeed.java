package dev.herald.filter.repository;

import dev.herald.common.contract.Channel;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Announces every change to what a decision reads: users, preferences, the suppression list and category defaults.
 * Triggers on those tables {@code NOTIFY herald_preference_changes} at commit (V2 migration), whoever writes; this
 * bean {@code LISTEN}s on its own connection, so every replica hears every change and its caches drop what changed.
 *
 * <p>While the listening connection is down the feed is not {@link #live()}: caches must then read through, since
 * changes could pass unheard. On every (re)subscription listeners are reset, dropping all they cached before.
 * {@link #generation()} moves on with every change, so a cache can tell that a lookup it started may be stale.
 */
@ApplicationScoped
public class ChangeFeed {

    public static final String CHANNEL = "herald_preference_changes";

    /** What changed: a user (their contact points or preferences), an address's suppression, or a tenant's categories. */
    public record Change(Kind kind, String tenant, String userId, Channel channel, String address) {

        public enum Kind { USER, SUPPRESSION, CATEGORY }

        public static Change user(String tenant, String userId) {
            return new Change(Kind.USER, tenant, userId, null, null);
        }

        public static Change suppression(String tenant, Channel channel, String address) {
            return new Change(Kind.SUPPRESSION, tenant, null, channel, address);
        }

        public static Change category(String tenant) {
            return new Change(Kind.CATEGORY, tenant, null, null, null);
        }
    }

    /** Something that caches what the feed announces changes of. */
    public interface Listener {

        void changed(Change change);

        /** Drop everything: changes may have been missed. */
        void reset();
    }

    private final Vertx vertx;
    private final String url;
    private final String username;
    private final String password;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile PgSubscriber subscriber;

    ChangeFeed(Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.username = username.orElse(null);
        this.password = password.orElse(null);
    }

    void start(@Observes StartupEvent event) {
        String uri = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        PgConnectOptions options = PgConnectOptions.fromUri(uri);
        if (username != null) {
            options.setUser(username);
        }
        if (password != null) {
            options.setPassword(password);
        }
        PgSubscriber pg = PgSubscriber.subscriber(vertx, options)
                // Reconnect for ever, once a second: the caches read through meanwhile.
                .reconnectPolicy(attempt -> 1000L);
        pg.channel(CHANNEL)
                .subscribeHandler(() -> {
                    Log.debug("listening for preference changes");
                    resetAll();
                })
                .handler(this::onNotification);
        subscriber = pg;
        pg.connect().onFailure().invoke(failure -> Log.warnf("cannot listen for preference changes yet: %s", failure.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(10)).indefinitely()
                .subscribe().with(connected -> { }, failure -> Log.error("listening for preference changes failed", failure));
    }

    void stop(@Observes ShutdownEvent event) {
        PgSubscriber pg = subscriber;
        if (pg != null) {
            pg.closeAndForget();
        }
    }

    public void register(Listener listener) {
        listeners.add(listener);
    }

    /** Whether changes are being heard now; a cache must not serve entries while this is false. */
    public boolean live() {
        PgSubscriber pg = subscriber;
        return pg != null && pg.actualConnection() != null;
    }

    /** Moves on with every change heard (and every reset). */
    public long generation() {
        return generation.get();
    }

    /**
     * Announces a change this replica just committed to its own caches at once, without waiting for the notification
     * (which follows and is harmless): a save is then visible to the next event on this replica.
     */
    public void changedHere(Change change) {
        dispatch(change);
    }

    private void onNotification(String payload) {
        Change change;
        try {
            change = parse(payload);
        } catch (RuntimeException e) {
            Log.warnf("an unreadable preference change notification; dropping every cached entry: %s", e.getMessage());
            resetAll();
            return;
        }
        dispatch(change);
    }

    private void dispatch(Change change) {
        generation.incrementAndGet();
        for (Listener listener : listeners) {
            listener.changed(change);
        }
    }

    private void resetAll() {
        generation.incrementAndGet();
        for (Listener listener : listeners) {
            listener.reset();
        }
    }

    static Change parse(String payload) {
        JsonObject json = new JsonObject(payload);
        String tenant = json.getString("tenant");
        return switch (json.getString("kind")) {
            case "user" -> Change.user(tenant, json.getString("userId"));
            case "suppression" -> Change.suppression(tenant, Channel.fromWire(json.getString("channel")), json.getString("address"));
            case "category" -> Change.category(tenant);
            default -> throw new IllegalArgumentException("unknown kind " + json.getString("kind"));
        };
    }
}
