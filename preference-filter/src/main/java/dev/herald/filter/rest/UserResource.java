package dev.herald.filter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.auth.Caller;
import dev.herald.common.rest.ProblemException;
import dev.herald.filter.repository.ChangeFeed;
import dev.herald.filter.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** A tenant's users and their contact points. The tenant is the caller's: no other tenant's user is reachable. */
@Path("/v1/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final UserRepository users;
    private final ChangeFeed feed;
    private final Caller caller;

    UserResource(UserRepository users, ChangeFeed feed, Caller caller) {
        this.users = users;
        this.feed = feed;
        this.caller = caller;
    }

    /** Creates (201) or replaces (200) the user; the body is validated field by field. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("userId") String userId, JsonNode body, UriInfo uri) {
        var user = UserRequestReader.read(UserIds.require(userId), body);
        return users.save(caller.tenant(), user)
                .invoke(saved -> feed.changedHere(ChangeFeed.Change.user(caller.tenant(), user.userId())))
                .map(saved -> (saved.created()
                        ? Response.created(uri.getRequestUri())
                        : Response.ok())
                .entity(UserView.of(saved.user())).build());
    }

    @GET
    public Uni<UserView> get(@PathParam("userId") String userId) {
        UserIds.require(userId);
        return users.find(caller.tenant(), userId).map(user -> user.map(UserView::of)
                .orElseThrow(() -> ProblemException.notFound("There is no user '" + userId + "'.")));
    }
}
