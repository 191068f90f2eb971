package dev.herald.tracker.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.UUID;

/** An event as ingress accepted it. Read-only here: the consumer writes it with an idempotent insert. */
@Entity
@Immutable
@Table(name = "event")
public class EventEntity extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    public String tenant;

    public String source;

    public String type;

    public String category;

    public boolean critical;

    @Column(name = "recipient_count")
    public int recipientCount;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "received_at")
    public Instant receivedAt;
}
