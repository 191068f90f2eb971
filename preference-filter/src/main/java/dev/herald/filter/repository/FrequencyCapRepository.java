package dev.herald.filter.repository;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The counts behind the frequency caps, in {@code preference.frequency_cap_usage}, shared by every replica. */
@ApplicationScoped
public class FrequencyCapRepository {

    private final Pool pool;

    FrequencyCapRepository(Pool pool) {
        this.pool = pool;
    }

    /** One notification to count: its cap on its channel. */
    public record Slot(DispatchMessage dispatch, int limit, Duration window) {
    }

    /**
     * Counts each notification against its cap at {@code decided} (see {@code take_frequency_slots} in the V4
     * migration: race-safe, and a notification asked about before keeps its first answer).
     *
     * @return the ids of the notifications that the cap refused
     */
    public Uni<Set<UUID>> take(List<Slot> slots, Instant decided) {
        if (slots.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int size = slots.size();
        UUID[] ids = new UUID[size];
        String[] tenants = new String[size];
        String[] users = new String[size];
        String[] channels = new String[size];
        Integer[] limits = new Integer[size];
        Long[] windows = new Long[size];
        for (int i = 0; i < size; i++) {
            Slot slot = slots.get(i);
            ids[i] = slot.dispatch().notificationId();
            tenants[i] = slot.dispatch().tenant();
            users[i] = slot.dispatch().userId();
            channels[i] = slot.dispatch().channel().wireName();
            limits[i] = slot.limit();
            windows[i] = slot.window().toMillis();
        }
        return pool.preparedQuery("SELECT id, allowed FROM preference.take_frequency_slots($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.from(Arrays.asList(ids, tenants, users, channels, limits, windows,
                        decided.atOffset(ZoneOffset.UTC))))
                .map(rows -> {
                    Set<UUID> refused = new HashSet<>();
                    for (Row row : rows) {
                        if (!row.getBoolean("allowed")) {
                            refused.add(row.getUUID("id"));
                        }
                    }
                    return refused;
                });
    }

    /**
     * How many notifications each of {@code userIds} was counted on {@code channel} after {@code since} and up to
     * {@code until}; read only.
     */
    public Uni<Map<String, Long>> used(String tenant, Channel channel, Collection<String> userIds, Instant since,
            Instant until) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("""
                        SELECT user_id, count(*) AS used FROM preference.frequency_cap_usage
                         WHERE tenant = $1 AND channel = $2 AND user_id = ANY($3) AND counted
                           AND decided_at > $4 AND decided_at <= $5
                         GROUP BY user_id""")
                .execute(Tuple.of(tenant, channel.wireName(), userIds.toArray(String[]::new),
                        since.atOffset(ZoneOffset.UTC), until.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Map<String, Long> used = new HashMap<>();
                    for (Row row : rows) {
                        used.put(row.getString("user_id"), row.getLong("used"));
                    }
                    return used;
                });
    }

    /** Deletes the counts decided before {@code before}; answers how many. */
    public Uni<Integer> purgeOlderThan(Instant before) {
        return pool.preparedQuery("DELETE FROM preference.frequency_cap_usage WHERE decided_at < $1")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC))).map(RowSet::rowCount);
    }
}
