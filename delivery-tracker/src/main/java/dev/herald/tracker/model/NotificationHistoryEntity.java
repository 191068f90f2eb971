package dev.herald.tracker.model;

import dev.herald.common.contract.NotificationState;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.UUID;

/** One line of a notification's history. Read-only here, like {@link NotificationEntity}. */
@Entity
@Immutable
@Table(name = "notification_history")
public class NotificationHistoryEntity extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "notification_id")
    public UUID notificationId;

    public NotificationState state;

    public Instant at;

    public int attempt;

    public String detail;

    public boolean ignored;

    /** The redrive round the entry belongs to (0 before any redrive). */
    public int round;

    /** Null for a Herald status; otherwise the provider event or operator action, e.g. {@code sendgrid.deferred}. */
    public String event;
}
