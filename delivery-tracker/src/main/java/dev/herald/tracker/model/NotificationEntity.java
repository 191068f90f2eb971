package dev.herald.tracker.model;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.UUID;

/**
 * One notification and its current state. Read-only here: statuses change it only through the state machine's
 * locked write path ({@code StatusRecorder}).
 */
@Entity
@Immutable
@Table(name = "notification")
public class NotificationEntity extends PanacheEntityBase {

    @Id
    @Column(name = "notification_id")
    public UUID notificationId;

    @Column(name = "event_id")
    public UUID eventId;

    public String tenant;

    @Column(name = "user_id")
    public String userId;

    public Channel channel;

    public NotificationState state;

    public int attempt;

    public String provider;

    @Column(name = "provider_message_id")
    public String providerMessageId;

    public String reason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** How often an operator redrove it from a dead-letter queue. */
    public int redrives;
}
