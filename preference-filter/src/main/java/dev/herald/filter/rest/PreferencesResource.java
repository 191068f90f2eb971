package dev.herald.filter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.auth.Caller;
import dev.herald.common.rest.ProblemException;
import dev.herald.filter.repository.ChangeFeed;
import dev.herald.filter.repository.PreferencesRepository;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A user's notification preferences; a user who stored none has the defaults (everything on). */
@Path("/v1/users/{userId}/preferences")
@Produces(MediaType.APPLICATION_JSON)
public class PreferencesResource {

    private final PreferencesRepository preferences;
    private final ChangeFeed feed;
    private final Caller caller;

    PreferencesResource(PreferencesRepository preferences, ChangeFeed feed, Caller caller) {
        this.preferences = preferences;
        this.feed = feed;
        this.caller = caller;
    }

    @GET
    public Uni<PreferencesView> get(@PathParam("userId") String userId) {
        UserIds.require(userId);
        return preferences.find(caller.tenant(), userId).map(stored -> stored.map(PreferencesView::of)
                .orElseThrow(() -> unknownUser(userId)));
    }

    /** Replaces the user's preferences as a whole: what the body leaves out is on. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<PreferencesView> put(@PathParam("userId") String userId, JsonNode body) {
        UserIds.require(userId);
        var requested = PreferencesRequestReader.read(body);
        return preferences.save(caller.tenant(), userId, requested).map(saved -> {
            if (!saved) {
                throw unknownUser(userId);
            }
            feed.changedHere(ChangeFeed.Change.user(caller.tenant(), userId));
            return PreferencesView.of(requested);
        });
    }

    private static ProblemException unknownUser(String userId) {
        return ProblemException.notFound("There is no user '" + userId + "'; create it with PUT /v1/users/" + userId + ".");
    }
}
