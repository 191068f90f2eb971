package dev.herald.filter.messaging;

import dev.herald.common.contract.TraceParent;
import dev.herald.filter.config.FilterConfig;
import dev.herald.filter.repository.DeferredRepository;
import dev.herald.filter.service.CategoryCatalog;
import dev.herald.filter.service.FrequencyCapGate;
import dev.herald.filter.service.NotificationPlanner;
import dev.herald.filter.service.PlannedNotification;
import dev.herald.filter.service.Recipient;
import dev.herald.filter.service.RecipientDirectory;
import dev.herald.filter.service.TenantCategories;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Releases the notifications that quiet hours deferred, once their window has ended. Every poll claims the due rows
 * (FOR UPDATE SKIP LOCKED, so replicas share them), decides each one again (the user may have opted out, changed
 * address or quiet hours during the night), applies the frequency caps (a deferred notification counts when it is
 * released), publishes the outcome with confirms and only then deletes the rows in
 * the same transaction. A crash between the publish and the commit publishes again on the next poll, with the
 * same deterministic notification id, which channel workers dedupe.
 */
@ApplicationScoped
public class DeferredReleaser {

    private final DeferredRepository deferrals;
    private final RecipientDirectory recipients;
    private final CategoryCatalog categories;
    private final NotificationPlanner planner;
    private final NotificationPublisher publisher;
    private final FrequencyCapGate frequencyCaps;
    private final int batchSize;

    DeferredReleaser(DeferredRepository deferrals, RecipientDirectory recipients, CategoryCatalog categories,
            NotificationPlanner planner, NotificationPublisher publisher, FrequencyCapGate frequencyCaps,
            FilterConfig config) {
        this.frequencyCaps = frequencyCaps;
        this.deferrals = deferrals;
        this.recipients = recipients;
        this.categories = categories;
        this.planner = planner;
        this.publisher = publisher;
        this.batchSize = config.deferred().batchSize();
    }

    @Scheduled(every = "${herald.filter.deferred.poll-interval:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> releaseDue() {
        return releaseBatch(Instant.now())
                .onFailure().invoke(failure -> Log.warnf("releasing deferred notifications failed; retrying at the next poll: %s",
                        failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Releases one batch of what is due at {@code now}; answers how many were claimed. */
    Uni<Integer> releaseBatch(Instant now) {
        return deferrals.releaseDue(now, batchSize, due -> release(due, now))
                .invoke(count -> {
                    if (count > 0) {
                        Log.debugf("%d deferred notifications decided again at the end of quiet hours", count);
                    }
                });
    }

    private Uni<Map<UUID, DeferredRepository.Deferred>> release(List<DeferredRepository.Deferred> due, Instant now) {
        Map<String, List<DeferredRepository.Deferred>> byTenant = new LinkedHashMap<>();
        for (DeferredRepository.Deferred deferred : due) {
            byTenant.computeIfAbsent(deferred.dispatch().tenant(), tenant -> new ArrayList<>()).add(deferred);
        }
        List<Uni<List<Replanned>>> lookups = new ArrayList<>();
        byTenant.forEach((tenant, held) -> lookups.add(Uni.combine().all()
                .unis(recipients.find(tenant, held.stream().map(deferred -> deferred.dispatch().userId()).distinct().toList()),
                        categories.of(tenant))
                .asTuple()
                .map(found -> replan(held, found.getItem1(), found.getItem2(), now))
                .chain(replanned -> capped(replanned, now))));
        return Uni.join().all(lookups).andFailFast()
                // Publishing may block on the broker's flow control: keep it off the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .chain(this::publish);
    }

    /** Publishes every outcome; answers the notifications that stay deferred, with their new release time. */
    private Uni<Map<UUID, DeferredRepository.Deferred>> publish(List<List<Replanned>> results) {
        List<PlannedNotification> planned = new ArrayList<>();
        Map<PlannedNotification, String> traces = new IdentityHashMap<>();
        Map<UUID, DeferredRepository.Deferred> stillHeld = new HashMap<>();
        for (List<Replanned> tenantResults : results) {
            for (Replanned result : tenantResults) {
                planned.add(result.planned());
                traces.put(result.planned(), TraceParent.childOf(result.deferred().traceparent()));
                if (result.planned().deferred()) {
                    stillHeld.put(result.planned().dispatch().notificationId(), new DeferredRepository.Deferred(
                            result.planned().dispatch(), result.planned().releaseAt(), result.deferred().traceparent()));
                }
            }
        }
        return publisher.publish(planned, traces::get).replaceWith(stillHeld);
    }

    /** Counts the released notifications against the frequency caps: a deferral is counted when it is sent. */
    private Uni<List<Replanned>> capped(List<Replanned> replanned, Instant now) {
        List<PlannedNotification> planned = replanned.stream().map(Replanned::planned).toList();
        return frequencyCaps.enforce(planned, now).map(enforced -> {
            if (enforced == planned) {
                return replanned;
            }
            List<Replanned> result = new ArrayList<>(replanned.size());
            for (int i = 0; i < replanned.size(); i++) {
                result.add(new Replanned(replanned.get(i).deferred(), enforced.get(i)));
            }
            return result;
        });
    }

    private List<Replanned> replan(List<DeferredRepository.Deferred> held,
            Map<String, Recipient> found, TenantCategories tenantCategories, Instant now) {
        List<Replanned> replanned = new ArrayList<>();
        for (DeferredRepository.Deferred deferred : held) {
            replanned.add(new Replanned(deferred, planner.replan(deferred.dispatch(),
                    found.get(deferred.dispatch().userId()), tenantCategories, now)));
        }
        return replanned;
    }

    private record Replanned(DeferredRepository.Deferred deferred, PlannedNotification planned) {
    }
}
