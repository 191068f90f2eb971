package dev.herald.tracker.rest;

import dev.herald.auth.ApiKeyStore;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.messaging.Topology;
import dev.herald.tracker.config.TrackerConfig;
import dev.herald.tracker.messaging.QueueDepths;
import dev.herald.tracker.messaging.QueueDepths.QueueDepth;
import dev.herald.tracker.repository.DeadLetterStore;
import dev.herald.tracker.repository.DeliveryStatistics;
import dev.herald.tracker.service.DeadLetterRedriver;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The operator page, server-rendered: recent events, counts per channel and state, each channel's queue depth and
 * dead letters (from the RabbitMQ management API and the tracker's own table), and a redrive button per channel.
 * Logging in takes an API key (see {@link OpsSession}); everything shown is the key's tenant's.
 */
@Path("/ops")
@Produces(MediaType.TEXT_HTML)
public class OpsResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String error);

        static native TemplateInstance page(OpsPage page);
    }

    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private final ApiKeyStore keys;
    private final DeliveryStatistics statistics;
    private final DeadLetterStore deadLetters;
    private final DeadLetterRedriver redriver;
    private final QueueDepths queues;
    private final CallerScope scopes;
    private final TrackerConfig.Ops config;

    OpsResource(ApiKeyStore keys, DeliveryStatistics statistics, DeadLetterStore deadLetters,
            DeadLetterRedriver redriver, QueueDepths queues, CallerScope scopes, TrackerConfig config) {
        this.keys = keys;
        this.statistics = statistics;
        this.deadLetters = deadLetters;
        this.redriver = redriver;
        this.queues = queues;
        this.scopes = scopes;
        this.config = config.ops();
    }

    @GET
    public Uni<Response> page(@CookieParam(OpsSession.COOKIE) String key, @QueryParam("redrove") String redrove,
            @QueryParam("count") Integer count, @QueryParam("skipped") Integer skipped,
            @QueryParam("remaining") Long remaining) {
        return tenantOf(key).chain(tenant -> {
            if (tenant.isEmpty()) {
                return render(Templates.login(null), 200);
            }
            return page(tenant.get(), key, notice(redrove, count, skipped, remaining));
        });
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> login(@FormParam("apiKey") String apiKey, @HeaderParam("Origin") String origin,
            @HeaderParam(HttpHeaders.HOST) String host, @Context UriInfo uri) {
        if (!sameOrigin(origin, host)) {
            return render(Templates.login("The login form must be sent from this page."), 403);
        }
        String key = apiKey == null ? null : apiKey.strip();
        return tenantOf(key).chain(tenant -> {
            if (tenant.isEmpty()) {
                Log.infof("operator page: login refused");
                return render(Templates.login("That API key is unknown or revoked."), 401);
            }
            Log.infof("operator page: login for tenant %s", tenant.get());
            return Uni.createFrom().item(secured(Response.seeOther(URI.create("/ops")))
                    .header(HttpHeaders.SET_COOKIE, OpsSession.cookie(key, config.sessionLifetime(), secure(uri)))
                    .build());
        });
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(@CookieParam(OpsSession.COOKIE) String key, @FormParam("csrf") String csrf,
            @Context UriInfo uri) {
        if (!OpsSession.plausibleKey(key) || !OpsSession.validCsrf(key, csrf)) {
            return secured(Response.status(403).type(MediaType.TEXT_PLAIN_TYPE).entity("Forbidden")).build();
        }
        return secured(Response.seeOther(URI.create("/ops")))
                .header(HttpHeaders.SET_COOKIE, OpsSession.clearedCookie(secure(uri))).build();
    }

    /** Redrives every pending dead letter of the channel (up to the redrive batch), then shows the page again. */
    @POST
    @Path("/dead-letters/{channel}/redrive")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> redrive(@CookieParam(OpsSession.COOKIE) String key, @PathParam("channel") String channel,
            @FormParam("csrf") String csrf, @HeaderParam("Origin") String origin,
            @HeaderParam(HttpHeaders.HOST) String host) {
        Optional<Channel> parsed = Channel.parse(channel);
        if (parsed.isEmpty()) {
            return Uni.createFrom().item(secured(Response.status(404).type(MediaType.TEXT_PLAIN_TYPE)
                    .entity("No such channel")).build());
        }
        return tenantOf(key).chain(tenant -> {
            if (tenant.isEmpty()) {
                return render(Templates.login("Your session has ended; log in again."), 401);
            }
            if (!OpsSession.validCsrf(key, csrf) || !sameOrigin(origin, host)) {
                return Uni.createFrom().item(secured(Response.status(403).type(MediaType.TEXT_PLAIN_TYPE)
                        .entity("Forbidden: the form did not come from this page")).build());
            }
            return redriver.redrive(scopes.of(tenant.get()), parsed.get(), null).map(result ->
                    secured(Response.seeOther(URI.create("/ops?redrove=" + result.channel().wireName()
                            + "&count=" + result.redriven().size() + "&skipped=" + result.skipped().size()
                            + "&remaining=" + result.remaining()))).build());
        });
    }

    private Uni<Response> page(String tenant, String key, String notice) {
        Instant now = Instant.now();
        Duration window = config.countsWindow();
        Uni<Optional<Map<String, QueueDepth>>> depths = queues.all().map(Optional::of)
                .onFailure().invoke(failure -> Log.debugf("queue depths unavailable: %s", failure.getMessage()))
                .onFailure().recoverWithItem(Optional.empty());
        return Uni.combine().all().unis(
                        statistics.counts(tenant, now.minus(window), now),
                        statistics.recentEvents(tenant, Math.max(1, config.recentEvents())),
                        deadLetters.pendingCounts(scopes.of(tenant)),
                        depths)
                .asTuple()
                .chain(results -> {
                    List<NotificationState> states = Arrays.asList(NotificationState.values());
                    List<OpsPage.CountRow> counts = new ArrayList<>();
                    long total = 0;
                    for (Channel channel : Channel.values()) {
                        Map<NotificationState, Long> byState = results.getItem1().getOrDefault(channel, Map.of());
                        List<Long> cells = states.stream().map(state -> byState.getOrDefault(state, 0L)).toList();
                        long channelTotal = cells.stream().mapToLong(Long::longValue).sum();
                        counts.add(new OpsPage.CountRow(channel.wireName(), cells, channelTotal));
                        total += channelTotal;
                    }
                    Map<String, QueueDepth> depthsByQueue = results.getItem4().orElse(null);
                    List<OpsPage.QueueRow> queueRows = new ArrayList<>();
                    for (Channel channel : Channel.values()) {
                        QueueDepth work = depthsByQueue == null ? null : depthsByQueue.get(channel.workQueue());
                        QueueDepth dlq = depthsByQueue == null ? null
                                : depthsByQueue.get(Topology.deadLetterQueue(channel));
                        queueRows.add(new OpsPage.QueueRow(channel.wireName(), channel.workQueue(),
                                work == null ? null : work.messages(), work == null ? null : work.consumers(),
                                Topology.deadLetterQueue(channel), dlq == null ? null : dlq.messages(),
                                results.getItem3().getOrDefault(channel, 0L)));
                    }
                    List<OpsPage.EventRow> events = results.getItem2().stream().map(event -> new OpsPage.EventRow(
                            event.eventId().toString(), event.type(), event.category() == null ? "" : event.category(),
                            time(event.acceptedAt()), event.recipients(),
                            event.states().isEmpty() ? "no notifications yet" : event.states().entrySet().stream()
                                    .map(entry -> entry.getKey().wireName() + " " + entry.getValue())
                                    .collect(Collectors.joining(", ")))).toList();
                    OpsPage page = new OpsPage(tenant, OpsSession.csrfToken(key), window(window),
                            states.stream().map(NotificationState::wireName).toList(), counts, total, queueRows,
                            depthsByQueue == null ? "The RabbitMQ management API is unavailable: queue depths are "
                                    + "unknown." : null,
                            events, notice, time(now));
                    return render(Templates.page(page), 200);
                });
    }

    private Uni<Optional<String>> tenantOf(String key) {
        if (!OpsSession.plausibleKey(key)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return keys.tenantOf(key);
    }

    private static Uni<Response> render(TemplateInstance template, int status) {
        return template.createUni().map(html -> secured(Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(html)).build());
    }

    private static Response.ResponseBuilder secured(Response.ResponseBuilder response) {
        return response
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "same-origin")
                .header("Cache-Control", "no-store");
    }

    /**
     * A cross-origin form post names its origin; a same-origin one names ours or, in older browsers, none. (Hence
     * {@code Referrer-Policy: same-origin}: with {@code no-referrer} browsers send {@code Origin: null} even for our
     * own forms.)
     */
    static boolean sameOrigin(String origin, String host) {
        if (origin == null || origin.isBlank()) {
            return true;
        }
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI parsed = URI.create(origin.strip());
            String authority = parsed.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean secure(UriInfo uri) {
        return config.secureCookie() || "https".equalsIgnoreCase(uri.getRequestUri().getScheme());
    }

    private static String notice(String channel, Integer count, Integer skipped, Long remaining) {
        Optional<Channel> parsed = Channel.parse(channel);
        if (parsed.isEmpty() || count == null) {
            return null;
        }
        return "Redrove " + count + " dead letter" + (count == 1 ? "" : "s") + " of " + parsed.get().wireName()
                + (skipped != null && skipped > 0 ? "; " + skipped + " skipped (already sent or not a dispatch)" : "")
                + (remaining != null && remaining > 0 ? "; " + remaining + " still pending" : "") + ".";
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String window(Duration window) {
        return window.toHours() > 0 && window.toMinutesPart() == 0 ? window.toHours() + " h"
                : window.toMinutes() + " min";
    }
}
