package dev.herald.filter.rest;

import dev.herald.common.rest.ProblemException;
import dev.herald.filter.service.PreferenceSettings;
import dev.herald.filter.service.Settings;
import dev.herald.filter.service.link.LinkToken;
import dev.herald.filter.service.link.LinkTokens;
import dev.herald.filter.service.link.PreferenceLinks;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One-click unsubscribe (RFC 8058) from one category on one channel, the URL of an email's {@code List-Unsubscribe}
 * header. Mail clients {@code POST} to it (body {@code List-Unsubscribe=One-Click}, which is not needed: the token
 * says everything); that unsubscribes at once. A browser opening the link {@code GET}s a page with a button instead,
 * since link scanners fetch URLs in mail and must not unsubscribe anybody.
 */
@Path("/unsubscribe")
@Produces(MediaType.TEXT_HTML)
public class UnsubscribeResource {

    private final PreferenceLinks links;
    private final PreferenceSettings settings;
    private final EndUserPages pages;
    private final Template confirm;
    private final Template done;

    UnsubscribeResource(PreferenceLinks links, PreferenceSettings settings, EndUserPages pages,
            @Location("pages/unsubscribe.html") Template confirm, @Location("pages/unsubscribed.html") Template done) {
        this.links = links;
        this.settings = settings;
        this.pages = pages;
        this.confirm = confirm;
        this.done = done;
    }

    @GET
    public Response confirm(@QueryParam("token") String token) {
        try {
            LinkToken grant = links.verify(token, LinkToken.Purpose.UNSUBSCRIBE);
            return pages.html(200, confirm.data("token", token).data("category", grant.category())
                    .data("channel", Settings.label(grant.channel())));
        } catch (LinkTokens.InvalidLinkException | ProblemException e) {
            return pages.linkProblem(e);
        }
    }

    /** Accepts any body (RFC 8058 sends {@code List-Unsubscribe=One-Click} as a form; some clients send nothing). */
    @POST
    public Uni<Response> unsubscribe(@QueryParam("token") String token) {
        LinkToken grant;
        try {
            grant = links.verify(token, LinkToken.Purpose.UNSUBSCRIBE);
        } catch (LinkTokens.InvalidLinkException | ProblemException e) {
            return Uni.createFrom().item(pages.linkProblem(e));
        }
        return settings.unsubscribe(grant.tenant(), grant.userId(), grant.category(), grant.channel()).map(found -> {
            if (!found) {
                return pages.linkProblem(null);
            }
            String settingsUrl = "/preferences?token=" + URLEncoder.encode(
                    links.settingsToken(grant.tenant(), grant.userId()), StandardCharsets.UTF_8);
            return pages.html(200, done.data("category", grant.category()).data("channel", Settings.label(grant.channel()))
                    .data("settingsUrl", settingsUrl));
        });
    }
}
