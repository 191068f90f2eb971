package dev.herald.tracker.rest;

import dev.herald.auth.Caller;
import dev.herald.common.rest.ProblemException;
import dev.herald.tracker.model.NotificationEntity;
import dev.herald.tracker.repository.Keyset;
import dev.herald.tracker.repository.NotificationHistoryRepository;
import dev.herald.tracker.repository.NotificationQuery;
import dev.herald.tracker.repository.NotificationRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/** Notifications of the caller's tenant: one with its history, or a filtered listing, newest first. */
@Path("/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    private final Caller caller;
    private final NotificationRepository notifications;
    private final NotificationHistoryRepository history;

    NotificationResource(Caller caller, NotificationRepository notifications, NotificationHistoryRepository history) {
        this.caller = caller;
        this.notifications = notifications;
        this.history = history;
    }

    /** The current state plus the history, oldest first. 404 when the id is unknown to the caller's tenant. */
    @GET
    @Path("/{notificationId}")
    @WithSession
    public Uni<NotificationDetailView> get(@PathParam("notificationId") String notificationId) {
        UUID id = Identifiers.require(notificationId, "notificationId");
        return notifications.findForTenant(id, caller.tenant()).chain(notification -> {
            if (notification == null) {
                throw ProblemException.notFound("No notification " + id + " is known.");
            }
            return history.forNotification(id).map(entries -> NotificationDetailView.of(notification, entries));
        });
    }

    /**
     * A page of notifications, newest first, filtered by any of user, event, channel and state. {@code limit}
     * defaults to 50 (at most 500); pass {@code nextCursor} of a page as {@code cursor} to get the next one.
     */
    @GET
    @WithSession
    public Uni<NotificationPage> list(@QueryParam("userId") String userId, @QueryParam("eventId") String eventId,
            @QueryParam("channel") String channel, @QueryParam("state") String state,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        NotificationQuery query = ListingParameters.parse(caller.tenant(), userId, eventId, channel, state, limit,
                cursor);
        return notifications.page(query).map(rows -> page(rows, query.limit()));
    }

    private static NotificationPage page(List<NotificationEntity> rows, int limit) {
        List<NotificationView> items = rows.stream().limit(limit).map(NotificationView::of).toList();
        String nextCursor = null;
        if (rows.size() > limit) {
            NotificationEntity last = rows.get(limit - 1);
            nextCursor = PageCursor.encode(new Keyset(last.createdAt, last.notificationId));
        }
        return new NotificationPage(items, nextCursor);
    }
}
