package dev.herald.filter.rest;

import dev.herald.auth.Caller;
import dev.herald.common.rest.ProblemException;
import dev.herald.filter.repository.UserRepository;
import dev.herald.filter.service.link.PreferenceLinks;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;

/**
 * Makes a signed, expiring link to one user's settings page, for the tenant to send them (in an email footer, an
 * account page). The link works for that user of that tenant alone; anyone holding it can change their settings
 * until it expires ({@code herald.filter.link-ttl}), so send it only to the user.
 */
@Path("/v1/users/{userId}/preference-link")
@Produces(MediaType.APPLICATION_JSON)
public class PreferenceLinkResource {

    private final UserRepository users;
    private final PreferenceLinks links;
    private final Caller caller;

    PreferenceLinkResource(UserRepository users, PreferenceLinks links, Caller caller) {
        this.users = users;
        this.links = links;
        this.caller = caller;
    }

    public record LinkView(String url, Instant expiresAt) {
    }

    @POST
    public Uni<LinkView> create(@PathParam("userId") String userId) {
        UserIds.require(userId);
        String tenant = caller.tenant();
        return users.find(tenant, userId).map(user -> {
            if (user.isEmpty()) {
                throw ProblemException.notFound("There is no user '" + userId + "'; create it with PUT /v1/users/" + userId + ".");
            }
            PreferenceLinks.Link link = links.settingsLink(tenant, userId, Instant.now());
            return new LinkView(link.url(), link.expiresAt());
        });
    }
}
