package dev.herald.filter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.auth.Caller;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.rest.Problem;
import dev.herald.common.rest.ProblemException;
import dev.herald.filter.service.CategoryCatalog;
import dev.herald.filter.service.FrequencyCapGate;
import dev.herald.filter.service.NotificationPlanner;
import dev.herald.filter.service.PlannedNotification;
import dev.herald.filter.service.RecipientDirectory;
import dev.herald.filter.service.TenantCategories;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code POST /v1/preview}: what an event would produce, decided exactly as the filter decides it (same rules, same
 * data), with nothing published and nothing stored. A frequency cap the user already reached shows as
 * {@code suppressed} with the reason {@code frequency_cap}; the preview itself counts nothing. {@code ?at=} decides as
 * of another instant (quiet hours; caps are read as of then too).
 */
@Path("/v1/preview")
@Produces(MediaType.APPLICATION_JSON)
public class PreviewResource {

    private final RecipientDirectory recipients;
    private final CategoryCatalog categories;
    private final NotificationPlanner planner;
    private final FrequencyCapGate frequencyCaps;
    private final Caller caller;

    PreviewResource(RecipientDirectory recipients, CategoryCatalog categories, NotificationPlanner planner,
            FrequencyCapGate frequencyCaps, Caller caller) {
        this.frequencyCaps = frequencyCaps;
        this.recipients = recipients;
        this.categories = categories;
        this.planner = planner;
        this.caller = caller;
    }

    /**
     * One notification that the event would produce.
     *
     * @param outcome   {@code dispatch}, {@code deferred} or {@code suppressed}
     * @param state     the state the notification would start in
     * @param reason    why (null for a plain dispatch): the {@code reason} its status would carry
     * @param address   where it would go (null when suppressed)
     * @param releaseAt when a deferred notification would be released
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PreviewedNotification(String userId, String channel, String outcome, String state, String reason,
            String address, Instant releaseAt) {

        static PreviewedNotification of(PlannedNotification planned) {
            String outcome = planned.dispatched() ? "dispatch" : planned.state().wireName();
            return new PreviewedNotification(planned.status().userId(), planned.status().channel().wireName(), outcome,
                    planned.state().wireName(), planned.status().reason(),
                    planned.dispatch() == null ? null : planned.dispatch().address(), planned.releaseAt());
        }
    }

    public record Summary(long dispatch, long deferred, long suppressed) {
    }

    public record Preview(Instant at, boolean critical, String category, Summary summary,
            List<PreviewedNotification> notifications) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Preview> preview(JsonNode body, @QueryParam("at") String at) {
        Instant now = at(at);
        EventMessage event = PreviewRequestReader.read(caller.tenant(), body, Instant.now());
        return Uni.combine().all()
                .unis(recipients.find(event.tenant(), NotificationPlanner.recipients(event)), categories.of(event.tenant()))
                .asTuple()
                .chain(found -> frequencyCaps.preview(event.tenant(),
                        planner.plan(event, found.getItem1(), found.getItem2(), now), now)
                        .map(planned -> preview(event, found.getItem2(), planned, now)));
    }

    private static Preview preview(EventMessage event, TenantCategories categories, List<PlannedNotification> planned,
            Instant now) {
        List<PreviewedNotification> notifications = planned.stream().map(PreviewedNotification::of).toList();
        Summary summary = new Summary(
                planned.stream().filter(PlannedNotification::dispatched).count(),
                planned.stream().filter(PlannedNotification::deferred).count(),
                planned.stream().filter(notification -> notification.state() == NotificationState.SUPPRESSED).count());
        boolean critical = event.critical() || categories.critical(event.category());
        return new Preview(now, critical, event.category(), summary, notifications);
    }

    private static Instant at(String at) {
        if (at == null || at.isBlank()) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(List.of(new Problem.FieldError("at",
                    "must be an ISO-8601 instant, e.g. 2030-01-01T22:30:00Z")));
        }
    }
}
