package dev.herald.filter.repository;

import dev.herald.common.contract.Channel;
import dev.herald.filter.service.SuppressedAddresses;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A tenant's suppression list in {@code preference.suppressions}: one row per (channel, address). */
@ApplicationScoped
public class SuppressionRepository {

    private final Pool pool;

    SuppressionRepository(Pool pool) {
        this.pool = pool;
    }

    /** One suppressed address. */
    public record Suppression(Channel channel, String address, String reason, String detail, UUID notificationId,
            Instant createdAt) {
    }

    /**
     * Adds the address (normalised) to the list; an address already there keeps its first reason, so hygiene
     * messages redelivered or repeated change nothing. True when it was added now.
     */
    public Uni<Boolean> add(String tenant, Suppression suppression) {
        return pool.preparedQuery("""
                        INSERT INTO preference.suppressions (tenant, channel, address, reason, detail, notification_id, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, now()))
                        ON CONFLICT (tenant, channel, address) DO NOTHING""")
                .execute(Tuple.from(Arrays.asList(tenant, suppression.channel().wireName(),
                        SuppressedAddresses.normalize(suppression.channel(), suppression.address()), suppression.reason(),
                        suppression.detail(), suppression.notificationId(),
                        suppression.createdAt() == null ? null : suppression.createdAt().atOffset(java.time.ZoneOffset.UTC))))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Removes the address from the list; false when it was not there. */
    public Uni<Boolean> remove(String tenant, Channel channel, String address) {
        return pool.preparedQuery("DELETE FROM preference.suppressions WHERE tenant = $1 AND channel = $2 AND address = $3")
                .execute(Tuple.of(tenant, channel.wireName(), SuppressedAddresses.normalize(channel, address)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The newest {@code limit} entries of the list, optionally of one channel and/or one address. */
    public Uni<List<Suppression>> list(String tenant, Channel channel, String address, int limit) {
        return pool.preparedQuery("""
                        SELECT channel, address, reason, detail, notification_id, created_at FROM preference.suppressions
                         WHERE tenant = $1 AND ($2::text IS NULL OR channel = $2) AND ($3::text IS NULL OR address = $3)
                         ORDER BY created_at DESC, channel, address
                         LIMIT $4""")
                .execute(Tuple.from(Arrays.asList(tenant, channel == null ? null : channel.wireName(),
                        address == null ? null : channel == null ? address.strip() : SuppressedAddresses.normalize(channel, address),
                        limit)))
                .map(rows -> {
                    List<Suppression> page = new ArrayList<>();
                    for (Row row : rows) {
                        page.add(suppression(row));
                    }
                    return page;
                });
    }

    private static Suppression suppression(Row row) {
        return new Suppression(Channel.fromWire(row.getString("channel")), row.getString("address"),
                row.getString("reason"), row.getString("detail"), row.getUUID("notification_id"),
                row.getOffsetDateTime("created_at").toInstant());
    }
}
