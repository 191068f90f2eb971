package dev.herald.tracker.rest;

import dev.herald.auth.Caller;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.rest.Problem;
import dev.herald.common.rest.ProblemException;
import dev.herald.tracker.repository.DeliveryStatistics;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts of the caller's notifications per channel and state over a time window. */
@Path("/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

    private final Caller caller;
    private final DeliveryStatistics statistics;

    StatsResource(Caller caller, DeliveryStatistics statistics) {
        this.caller = caller;
        this.statistics = statistics;
    }

    /**
     * Notifications the tracker first heard of in [{@code from}, {@code to}) (ISO-8601 instants, e.g.
     * {@code 2025-01-01T00:00:00Z}), counted by channel and current state. {@code to} defaults to now, {@code from} to
     * 24 hours before {@code to}.
     */
    @GET
    public Uni<StatsView> stats(@QueryParam("from") String from, @QueryParam("to") String to) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant parsedTo = instant(to, "to", errors);
        Instant end = parsedTo == null ? Instant.now() : parsedTo;
        Instant parsedFrom = instant(from, "from", errors);
        Instant start = parsedFrom == null ? end.minus(DEFAULT_WINDOW) : parsedFrom;
        if (errors.isEmpty() && !start.isBefore(end)) {
            errors.add(new Problem.FieldError("from", "must be before to"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return statistics.counts(caller.tenant(), start, end).map(counts -> view(start, end, counts));
    }

    static StatsView view(Instant from, Instant to, Map<Channel, Map<NotificationState, Long>> counts) {
        Map<String, Map<String, Long>> byChannel = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<Channel, Map<NotificationState, Long>> channel : counts.entrySet()) {
            Map<String, Long> states = new LinkedHashMap<>();
            long channelTotal = 0;
            for (Map.Entry<NotificationState, Long> state : channel.getValue().entrySet()) {
                states.put(state.getKey().wireName(), state.getValue());
                channelTotal += state.getValue();
            }
            byChannel.put(channel.getKey().wireName(), states);
            totals.put(channel.getKey().wireName(), channelTotal);
            total += channelTotal;
        }
        return new StatsView(from, to, total, totals, byChannel);
    }

    private static Instant instant(String value, String field, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be an ISO-8601 instant, e.g. 2025-01-01T00:00:00Z"));
            return null;
        }
    }
}
