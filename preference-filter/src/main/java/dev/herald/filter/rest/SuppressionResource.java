package dev.herald.filter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.auth.Caller;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.Names;
import dev.herald.common.rest.Problem;
import dev.herald.common.rest.ProblemException;
import dev.herald.filter.repository.ChangeFeed;
import dev.herald.filter.repository.SuppressionRepository;
import dev.herald.filter.repository.SuppressionRepository.Suppression;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The caller's tenant's suppression list, for operators: addresses that receive nothing on their channel, critical
 * or not. Hygiene feedback fills it on its own; operators can look, add and remove.
 */
@Path("/v1/suppressions")
@Produces(MediaType.APPLICATION_JSON)
public class SuppressionResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_ADDRESS = 4096;
    private static final Set<String> FIELDS = Set.of("channel", "address", "reason", "detail");

    private final SuppressionRepository suppressions;
    private final ChangeFeed feed;
    private final Caller caller;

    SuppressionResource(SuppressionRepository suppressions, ChangeFeed feed, Caller caller) {
        this.suppressions = suppressions;
        this.feed = feed;
        this.caller = caller;
    }

    public record SuppressionView(String channel, String address, String reason, String detail, UUID notificationId,
            Instant createdAt) {

        static SuppressionView of(Suppression suppression) {
            return new SuppressionView(suppression.channel().wireName(), suppression.address(), suppression.reason(),
                    suppression.detail(), suppression.notificationId(), suppression.createdAt());
        }
    }

    public record SuppressionList(List<SuppressionView> suppressions) {
    }

    /** The newest entries, optionally of one channel and/or address; {@code limit} 1 to 1000 (100). */
    @GET
    public Uni<SuppressionList> list(@QueryParam("channel") String channel, @QueryParam("address") String address,
            @QueryParam("limit") String limit) {
        FieldErrors errors = new FieldErrors();
        Channel parsed = channel == null ? null : Channel.parse(channel).orElse(null);
        if (channel != null && parsed == null) {
            errors.add("channel", "unknown channel; one of email, sms, push, slack");
        }
        int size = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_LIMIT) {
                errors.add("limit", "must be a number from 1 to " + MAX_LIMIT);
            }
        }
        errors.throwIfAny();
        return suppressions.list(caller.tenant(), parsed, address, size)
                .map(page -> new SuppressionList(page.stream().map(SuppressionView::of).toList()));
    }

    /** Adds an address (201), or answers 200 with nothing changed when it is already on the list. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> add(JsonNode body) {
        FieldErrors.requireObject(body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknownFields(body, FIELDS, "");
        String channelName = errors.optionalString(body, "channel", "channel");
        Channel channel = channelName == null ? null : Channel.parse(channelName).orElse(null);
        if (channel == null) {
            errors.add("channel", "is required: one of email, sms, push, slack");
        }
        String address = errors.optionalString(body, "address", "address");
        if (address == null || address.isBlank() || address.length() > MAX_ADDRESS) {
            errors.add("address", "is required, 1 to " + MAX_ADDRESS + " characters");
        }
        String reason = errors.optionalString(body, "reason", "reason");
        if (reason != null && !Names.NAME.matcher(reason).matches()) {
            errors.add("reason", Names.NAME_RULE);
        }
        String detail = errors.optionalString(body, "detail", "detail");
        if (detail != null && detail.length() > 500) {
            errors.add("detail", "must be at most 500 characters");
        }
        errors.throwIfAny();
        String tenant = caller.tenant();
        Suppression suppression = new Suppression(channel, address, reason == null ? "manual" : reason, detail, null, null);
        return suppressions.add(tenant, suppression)
                .invoke(added -> feed.changedHere(ChangeFeed.Change.suppression(tenant, channel, address)))
                .chain(added -> suppressions.list(tenant, channel, address, 1).map(stored -> Response
                        .status(added ? Response.Status.CREATED : Response.Status.OK)
                        .entity(SuppressionView.of(stored.getFirst())).build()));
    }

    /** Removes an address: it may be used again. */
    @DELETE
    @Path("{channel}/{address}")
    public Uni<Response> remove(@PathParam("channel") String channelName, @PathParam("address") String address) {
        Channel channel = Channel.parse(channelName).orElseThrow(() -> ProblemException.validation(
                List.of(new Problem.FieldError("channel", "unknown channel; one of email, sms, push, slack"))));
        String tenant = caller.tenant();
        return suppressions.remove(tenant, channel, address).map(removed -> {
            if (!removed) {
                throw ProblemException.notFound("The " + channel.wireName() + " address is not on the suppression list.");
            }
            feed.changedHere(ChangeFeed.Change.suppression(tenant, channel, address));
            return Response.noContent().build();
        });
    }
}
