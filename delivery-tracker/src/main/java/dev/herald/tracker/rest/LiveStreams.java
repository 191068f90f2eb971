package dev.herald.tracker.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.rest.ProblemException;
import dev.herald.tracker.config.TrackerConfig;
import dev.herald.tracker.model.NotificationChange;
import dev.herald.tracker.repository.DeliveryStatistics;
import dev.herald.tracker.service.ChangeFeed;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Builds the live streams (Server-Sent Events) of a tenant's notifications, for one event
 * ({@code GET /v1/events/{id}/stream}) or one user ({@code GET /v1/users/{userId}/notifications/stream}). Each stream starts with
 * the current state of every notification in scope ({@code event: snapshot}), then sends every committed change
 * ({@code event: change}), whichever replica recorded it (see {@link ChangeFeed}); a comment at once (so the client
 * sees the stream open) and every {@code heartbeat} after keeps proxies from closing an idle stream. Changes are subscribed to before the snapshot is read,
 * and sent after it, so none falls between the two (one may repeat the snapshot). A client that falls more than
 * {@code buffer-per-stream} changes behind is disconnected and should reconnect.
 */
@ApplicationScoped
public class LiveStreams {

    static final int USER_SNAPSHOT_LIMIT = 100;

    private final ChangeFeed feed;
    private final ObjectMapper json;
    private final DeliveryStatistics statistics;
    private final TrackerConfig.LiveUpdates config;
    private final int eventSnapshotLimit;

    LiveStreams(ChangeFeed feed, DeliveryStatistics statistics, TrackerConfig config, ObjectMapper json) {
        this.json = json;
        this.feed = feed;
        this.statistics = statistics;
        this.config = config.liveUpdates();
        this.eventSnapshotLimit = Math.max(1, config.eventNotificationsLimit());
    }

    /** Changes of one event's notifications, after a snapshot of them all (up to the event's inline limit). */
    Multi<OutboundSseEvent> ofEvent(Sse sse, String tenant, UUID eventId) {
        return stream(sse, tenant, change -> eventId.equals(change.eventId()),
                statistics.currentOfEvent(tenant, eventId, eventSnapshotLimit));
    }

    /** Changes of one user's notifications, after a snapshot of the user's 100 most recent. */
    Multi<OutboundSseEvent> ofUser(Sse sse, String tenant, String userId) {
        return stream(sse, tenant, change -> userId.equals(change.userId()),
                statistics.currentOfUser(tenant, userId, USER_SNAPSHOT_LIMIT));
    }

    private Multi<OutboundSseEvent> stream(Sse sse, String tenant, Predicate<NotificationChange> inScope,
            Uni<List<NotificationChange>> snapshot) {
        if (!feed.enabled()) {
            throw new ProblemException(503, "Service unavailable",
                    "Live streams are disabled here (herald.tracker.live-updates.enabled=false).");
        }
        if (!feed.openStream(config.maxStreams())) {
            throw new ProblemException(503, "Service unavailable", "Too many live streams are open on this replica; "
                    + "retry later.", null, java.util.Map.of("Retry-After", "5"));
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                feed.closeStream();
            }
        };
        return Multi.createFrom().deferred(() -> {
            UnicastProcessor<NotificationChange> live = UnicastProcessor.create(
                    new ArrayBlockingQueue<>(Math.max(1, config.bufferPerStream())), null);
            Cancellable subscription = feed.changes()
                    .filter(change -> tenant.equals(change.tenant()) && inScope.test(change))
                    .subscribe().with(live::onNext, live::onError, live::onComplete);
            Multi<OutboundSseEvent> snapshotEvents = snapshot.onItem().transformToMulti(Multi.createFrom()::iterable)
                    .map(change -> event(sse, "snapshot", change));
            Multi<OutboundSseEvent> changeEvents = live.map(change -> event(sse, "change", change));
            Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(heartbeat())
                    .onOverflow().drop()
                    .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
            return Multi.createBy().merging().streams(
                            Multi.createBy().concatenating().streams(snapshotEvents, changeEvents), heartbeats)
                    .onFailure().invoke(failure -> Log.debugf("a live stream ended: %s", failure.getMessage()))
                    .onTermination().invoke(() -> {
                        subscription.cancel();
                        release.run();
                    });
        }).onTermination().invoke(release);
    }

    private Duration heartbeat() {
        Duration heartbeat = config.heartbeat();
        return heartbeat.isNegative() || heartbeat.isZero() ? Duration.ofSeconds(15) : heartbeat;
    }

    /** The data is JSON written here: with a media type on the event, RESTEasy adds a non-standard field line. */
    private OutboundSseEvent event(Sse sse, String name, NotificationChange change) {
        String data;
        try {
            data = json.writeValueAsString(ChangeView.of(change));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a change", e);
        }
        return sse.newEventBuilder()
                .name(name)
                .id(change.notificationId() + "@" + change.updatedAt())
                .data(data)
                .build();
    }
}
