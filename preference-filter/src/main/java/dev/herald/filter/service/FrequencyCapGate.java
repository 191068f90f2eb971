package dev.herald.filter.service;

import dev.herald.common.contract.Channel;
import dev.herald.filter.repository.FrequencyCapRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies the {@link FrequencyCaps} to planned notifications, counting in PostgreSQL so that every replica shares the
 * counts. {@link #enforce} counts (the event consumer and the release of deferred notifications);
 * {@link #preview} only reads.
 */
@ApplicationScoped
public class FrequencyCapGate {

    private final FrequencyCaps caps;
    private final FrequencyCapRepository counts;

    FrequencyCapGate(FrequencyCaps caps, FrequencyCapRepository counts) {
        this.caps = caps;
        this.counts = counts;
    }

    /** Counts every capped notification once (by id) and suppresses those past their cap. */
    public Uni<List<PlannedNotification>> enforce(List<PlannedNotification> planned, Instant now) {
        List<PlannedNotification> subjects = caps.subjects(planned);
        if (subjects.isEmpty()) {
            return Uni.createFrom().item(planned);
        }
        List<FrequencyCapRepository.Slot> slots = new ArrayList<>(subjects.size());
        for (PlannedNotification subject : subjects) {
            FrequencyCaps.Cap cap = caps.capOf(subject.dispatch().channel()).orElseThrow();
            slots.add(new FrequencyCapRepository.Slot(subject.dispatch(), cap.limit(), cap.window()));
        }
        return counts.take(slots, now).map(refused -> caps.apply(planned, refused));
    }

    /**
     * What {@link #enforce} would decide at {@code now}, counting nothing: a notification is capped when its user
     * had already reached the cap in the window ending at {@code now}.
     */
    public Uni<List<PlannedNotification>> preview(String tenant, List<PlannedNotification> planned, Instant now) {
        List<PlannedNotification> subjects = caps.subjects(planned);
        if (subjects.isEmpty()) {
            return Uni.createFrom().item(planned);
        }
        Map<Channel, List<PlannedNotification>> byChannel = new EnumMap<>(Channel.class);
        for (PlannedNotification subject : subjects) {
            byChannel.computeIfAbsent(subject.dispatch().channel(), channel -> new ArrayList<>()).add(subject);
        }
        List<Uni<Set<UUID>>> lookups = new ArrayList<>();
        byChannel.forEach((channel, notifications) -> {
            FrequencyCaps.Cap cap = caps.capOf(channel).orElseThrow();
            List<String> users = notifications.stream().map(notification -> notification.dispatch().userId()).toList();
            lookups.add(counts.used(tenant, channel, users, now.minus(cap.window()), now).map(used -> {
                Set<UUID> capped = new HashSet<>();
                for (PlannedNotification notification : notifications) {
                    if (used.getOrDefault(notification.dispatch().userId(), 0L) >= cap.limit()) {
                        capped.add(notification.dispatch().notificationId());
                    }
                }
                return capped;
            }));
        });
        return Uni.join().all(lookups).andFailFast().map(found -> {
            Set<UUID> capped = new HashSet<>();
            found.forEach(capped::addAll);
            return caps.apply(planned, capped);
        });
    }
}
