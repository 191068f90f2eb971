package dev.herald.tracker.rest;

import dev.herald.auth.Caller;
import dev.herald.common.rest.Problem;
import dev.herald.common.rest.ProblemException;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.util.List;

/** A live stream of one user's notifications in the caller's tenant (users themselves live in the preference filter). */
@Path("/v1/users")
public class UserStreamResource {

    private final Caller caller;
    private final LiveStreams streams;

    UserStreamResource(Caller caller, LiveStreams streams) {
        this.caller = caller;
        this.streams = streams;
    }

    /**
     * Server-Sent Events: {@code event: snapshot} for each of the user's 100 most recent notifications, then
     * {@code event: change} for every committed change of any of the user's notifications.
     */
    @GET
    @Path("/{userId}/notifications/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@PathParam("userId") String userId, @Context Sse sse) {
        if (userId == null || userId.isBlank()) {
            throw ProblemException.validation(List.of(new Problem.FieldError("userId", "must not be blank")));
        }
        return streams.ofUser(sse, caller.tenant(), userId);
    }
}
