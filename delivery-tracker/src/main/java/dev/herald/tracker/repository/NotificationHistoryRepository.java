package dev.herald.tracker.repository;

import dev.herald.tracker.model.NotificationHistoryEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Reads of notification history. The caller checks the notification's tenant first. */
@ApplicationScoped
public class NotificationHistoryRepository implements PanacheRepositoryBase<NotificationHistoryEntity, Long> {

    /** The history of one notification, oldest first. */
    public Uni<List<NotificationHistoryEntity>> forNotification(UUID notificationId) {
        return find("notificationId", Sort.ascending("at", "id"), notificationId).list();
    }
}
