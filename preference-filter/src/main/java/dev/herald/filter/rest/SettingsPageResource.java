package dev.herald.filter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.rest.Problem;
import dev.herald.common.rest.ProblemException;
import dev.herald.filter.config.FilterConfig;
import dev.herald.filter.service.PreferenceSettings;
import dev.herald.filter.service.Settings;
import dev.herald.filter.service.SettingsUpdate;
import dev.herald.filter.service.link.LinkToken;
import dev.herald.filter.service.link.LinkTokens;
import dev.herald.filter.service.link.PreferenceLinks;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The end user's settings page ({@code GET /preferences?token=...}), reached through a link from
 * {@code POST /v1/users/{userId}/preference-link}. Server-rendered and complete without JavaScript: the form posts
 * back here and is redirected to the page (post/redirect/get). Its script, where it runs, saves through the JSON API
 * {@code GET|PUT /preferences/api?token=...} without leaving the page. The tenant and user come from the verified
 * token alone: one user's token can read or change nobody else's settings.
 */
@Path("/preferences")
public class SettingsPageResource {

    private final PreferenceLinks links;
    private final PreferenceSettings settings;
    private final EndUserPages pages;
    private final Template page;
    private final String defaultTimezone;

    SettingsPageResource(PreferenceLinks links, PreferenceSettings settings, EndUserPages pages,
            @Location("pages/preferences.html") Template page, FilterConfig config) {
        this.links = links;
        this.settings = settings;
        this.pages = pages;
        this.page = page;
        this.defaultTimezone = config.defaultTimezone();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> show(@QueryParam("token") String token, @QueryParam("saved") String saved) {
        LinkToken grant;
        try {
            grant = links.verify(token, LinkToken.Purpose.SETTINGS);
        } catch (LinkTokens.InvalidLinkException | ProblemException e) {
            return Uni.createFrom().item(pages.linkProblem(e));
        }
        return settings.load(grant.tenant(), grant.userId(), defaultTimezone).map(found -> found
                .map(view -> render(200, token, view, notice(saved), List.of()))
                .orElseGet(() -> pages.linkProblem(null)));
    }

    /** The form without JavaScript: save, unsubscribe from all, or resubscribe; then back to the page. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> submit(@QueryParam("token") String token, MultivaluedMap<String, String> form) {
        LinkToken grant;
        try {
            grant = links.verify(token, LinkToken.Purpose.SETTINGS);
        } catch (LinkTokens.InvalidLinkException | ProblemException e) {
            return Uni.createFrom().item(pages.linkProblem(e));
        }
        String action = form.getFirst("action") == null ? "save" : form.getFirst("action");
        SettingsUpdate update;
        String done;
        switch (action) {
            case "unsubscribe-all" -> {
                update = SettingsUpdate.unsubscribedAll(true);
                done = "unsubscribed";
            }
            case "resubscribe" -> {
                update = SettingsUpdate.unsubscribedAll(false);
                done = "resubscribed";
            }
            default -> {
                SettingsRequestReader.Result read = SettingsRequestReader.readForm(form);
                if (!read.errors().isEmpty()) {
                    return settings.load(grant.tenant(), grant.userId(), defaultTimezone).map(found -> found
                            .map(view -> render(400, token, view, null, read.errors()))
                            .orElseGet(() -> pages.linkProblem(null)));
                }
                update = read.update();
                done = "saved";
            }
        }
        return settings.save(grant.tenant(), grant.userId(), update).map(saved -> saved
                ? Response.seeOther(URI.create("/preferences?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                        + "&saved=" + done)).build()
                : pages.linkProblem(null));
    }

    /** The page's settings as JSON, for its script. */
    @GET
    @Path("api")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Settings> read(@QueryParam("token") String token) {
        LinkToken grant = verifyForApi(token);
        return settings.load(grant.tenant(), grant.userId(), defaultTimezone)
                .map(found -> found.orElseThrow(SettingsPageResource::gone));
    }

    /** Saves what the page's script sends (see {@link SettingsRequestReader#readJson}); answers the new settings. */
    @PUT
    @Path("api")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Settings> save(@QueryParam("token") String token, JsonNode body) {
        LinkToken grant = verifyForApi(token);
        SettingsUpdate update = SettingsRequestReader.readJson(body);
        return settings.save(grant.tenant(), grant.userId(), update)
                .chain(saved -> settings.load(grant.tenant(), grant.userId(), defaultTimezone))
                .map(found -> found.orElseThrow(SettingsPageResource::gone));
    }

    private LinkToken verifyForApi(String token) {
        try {
            return links.verify(token, LinkToken.Purpose.SETTINGS);
        } catch (LinkTokens.InvalidLinkException e) {
            throw new ProblemException(401, e.expired() ? "Link expired" : "Invalid link",
                    e.expired() ? "This settings link has expired; ask for a new one." : "This settings link is not valid.");
        }
    }

    private static ProblemException gone() {
        return ProblemException.notFound("There are no settings for this link any more.");
    }

    private Response render(int status, String token, Settings view, String notice, List<Problem.FieldError> errors) {
        return pages.html(status, page.data("settings", view)
                .data("token", token)
                .data("notice", notice)
                .data("errors", errors)
                .data("zones", SettingsRequestReader.ZONES));
    }

    private static String notice(String saved) {
        if (saved == null) {
            return null;
        }
        return switch (saved) {
            case "unsubscribed" -> "You are unsubscribed from all notifications.";
            case "resubscribed" -> "You are subscribed again.";
            default -> "Your settings are saved.";
        };
    }
}
