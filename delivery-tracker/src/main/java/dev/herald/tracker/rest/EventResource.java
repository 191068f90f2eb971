package dev.herald.tracker.rest;

import dev.herald.auth.Caller;
import dev.herald.common.rest.ProblemException;
import dev.herald.tracker.config.TrackerConfig;
import dev.herald.tracker.model.EventEntity;
import dev.herald.tracker.model.NotificationEntity;
import dev.herald.tracker.model.StateCount;
import dev.herald.tracker.repository.EventRepository;
import dev.herald.tracker.repository.NotificationRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The delivery status of one event: the event as accepted and every notification it led to. */
@Path("/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    private final Caller caller;
    private final EventRepository events;
    private final NotificationRepository notifications;
    private final int notificationsLimit;
    private final LiveStreams streams;

    EventResource(Caller caller, EventRepository events, NotificationRepository notifications, TrackerConfig config,
            LiveStreams streams) {
        this.caller = caller;
        this.events = events;
        this.notifications = notifications;
        this.streams = streams;
        this.notificationsLimit = Math.max(1, config.eventNotificationsLimit());
    }

    /**
     * The event and its notifications. Answers as soon as anything is known of the event: statuses may be recorded
     * before the event itself arrives. 404 when nothing is known of it for the caller's tenant.
     */
    @GET
    @Path("/{eventId}")
    @WithSession
    public Uni<EventView> get(@PathParam("eventId") String eventId) {
        UUID id = Identifiers.require(eventId, "eventId");
        String tenant = caller.tenant();
        return events.findForTenant(id, tenant).chain(event -> notifications.forEvent(id, tenant, notificationsLimit + 1)
                .chain(listed -> notifications.countsForEvent(id, tenant)
                        .map(counts -> view(id, tenant, event, listed, counts))));
    }

    /**
     * A live stream (Server-Sent Events) of the event's notifications: {@code event: snapshot} for each as it is now,
     * then {@code event: change} for every committed change. The event need not exist yet.
     */
    @GET
    @Path("/{eventId}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@PathParam("eventId") String eventId, @Context Sse sse) {
        return streams.ofEvent(sse, caller.tenant(), Identifiers.require(eventId, "eventId"));
    }

    private EventView view(UUID id, String tenant, EventEntity event, List<NotificationEntity> listed,
            List<StateCount> counts) {
        if (event == null && listed.isEmpty()) {
            throw ProblemException.notFound("No event " + id + " is known.");
        }
        boolean truncated = listed.size() > notificationsLimit;
        List<NotificationView> shown = listed.stream().limit(notificationsLimit).map(NotificationView::of).toList();
        Map<String, Long> byState = new LinkedHashMap<>();
        counts.stream().sorted(Comparator.comparing(StateCount::state))
                .forEach(count -> byState.put(count.state().wireName(), count.count()));
        if (event == null) {
            return new EventView(id, tenant, null, null, null, null, null, null, null, shown, truncated, byState);
        }
        return new EventView(id, event.tenant, event.type, event.category, event.source, event.critical,
                event.acceptedAt, event.expiresAt, event.recipientCount, shown, truncated, byState);
    }
}
