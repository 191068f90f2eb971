package dev.herald.tracker.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.auth.Caller;
import dev.herald.common.contract.Channel;
import dev.herald.common.rest.Problem;
import dev.herald.common.rest.ProblemException;
import dev.herald.tracker.repository.DeadLetterStore;
import dev.herald.tracker.repository.DeadLetterStore.StoredDeadLetter;
import dev.herald.tracker.repository.Keyset;
import dev.herald.tracker.service.DeadLetterRedriver;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Operators' view of the channels' dead-letter queues: what died and why, and redrive. The tracker moves every dead
 * letter into its database as it arrives, so these are database reads, confined to the caller's tenant.
 */
@Path("/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final Caller caller;
    private final CallerScope scopes;
    private final DeadLetterStore letters;
    private final DeadLetterRedriver redriver;
    private final ObjectMapper json;

    DeadLetterResource(Caller caller, CallerScope scopes, DeadLetterStore letters, DeadLetterRedriver redriver,
            ObjectMapper json) {
        this.caller = caller;
        this.scopes = scopes;
        this.letters = letters;
        this.redriver = redriver;
        this.json = json;
    }

    /** Pending dead letters, oldest first, optionally of one channel; {@code limit} 1..500 (default 50). */
    @GET
    public Uni<DeadLetterPage> list(@QueryParam("channel") String channel, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Channel parsedChannel = channel == null || channel.isBlank() ? null : channel(channel.strip(), errors);
        int parsedLimit = ListingParameters.DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                parsedLimit = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                parsedLimit = -1;
            }
            if (parsedLimit < 1 || parsedLimit > ListingParameters.MAX_LIMIT) {
                errors.add(new Problem.FieldError("limit", "must be an integer between 1 and "
                        + ListingParameters.MAX_LIMIT));
            }
        }
        Keyset after = null;
        if (cursor != null && !cursor.isBlank()) {
            after = PageCursor.decode(cursor.strip()).orElse(null);
            if (after == null) {
                errors.add(new Problem.FieldError("cursor", "is not a cursor this API returned as nextCursor"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        int pageSize = parsedLimit;
        return letters.page(scopes.of(caller), parsedChannel, after, pageSize).map(rows -> {
            List<DeadLetterView> items = rows.stream().limit(pageSize).map(DeadLetterView::of).toList();
            String next = null;
            if (rows.size() > pageSize) {
                StoredDeadLetter last = rows.get(pageSize - 1);
                next = PageCursor.encode(new Keyset(last.receivedAt(), last.id()));
            }
            return new DeadLetterPage(items, next);
        });
    }

    /**
     * Republishes dead letters of a channel to {@code herald.dispatch} with attempt 1: all the caller's (up to
     * {@code herald.tracker.dead-letters.max-redrive-batch} per call; {@code remaining} tells what is left), or, with a
     * body {@code {"ids": ["<notificationId>", ...]}}, those of the given notifications. Notifications the tracker
     * knows as sent or otherwise finished are not sent again: they are skipped and their dead letters discarded.
     */
    @POST
    @Path("/{channel}/redrive")
    @Consumes(MediaType.WILDCARD)
    public Uni<DeadLetterRedriver.Result> redrive(@PathParam("channel") String channel, String body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Channel parsedChannel = channel(channel, errors);
        List<UUID> ids = ids(body, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return redriver.redrive(scopes.of(caller), parsedChannel, ids);
    }

    private List<UUID> ids(String body, List<Problem.FieldError> errors) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new ProblemException(400, "Malformed JSON", "The body is not JSON: " + e.getMessage());
        }
        if (root == null || root.isNull() || (root.isObject() && !root.has("ids"))) {
            return null;
        }
        JsonNode array = root.isObject() ? root.get("ids") : null;
        if (array == null || !array.isArray() || array.isEmpty() || array.size() > 1000) {
            errors.add(new Problem.FieldError("ids", "must be an array of 1 to 1000 notification ids; omit the body "
                    + "to redrive everything"));
            return null;
        }
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            UUID id = array.get(i).isTextual() ? Identifiers.parse(array.get(i).asText()).orElse(null) : null;
            if (id == null) {
                errors.add(new Problem.FieldError("ids[" + i + "]", "must be a notification id (a UUID)"));
            } else if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static Channel channel(String value, List<Problem.FieldError> errors) {
        return Channel.parse(value).orElseGet(() -> {
            errors.add(new Problem.FieldError("channel", "must be one of " + Arrays.stream(Channel.values())
                    .map(Channel::wireName).collect(Collectors.joining(", "))));
            return null;
        });
    }
}
