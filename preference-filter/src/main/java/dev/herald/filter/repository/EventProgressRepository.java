package dev.herald.filter.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** Durable progress of events processed in chunks, in {@code preference.event_progress}. */
@ApplicationScoped
public class EventProgressRepository {

    private final Pool pool;

    EventProgressRepository(Pool pool) {
        this.pool = pool;
    }

    /** How many of the event's distinct recipients are done (0 when the event was never started). */
    public Uni<Integer> recipientsDone(UUID eventId) {
        return pool.preparedQuery("SELECT recipients_done FROM preference.event_progress WHERE event_id = $1")
                .execute(Tuple.of(eventId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getInteger("recipients_done") : 0);
    }

    /** Records that the first {@code done} recipients are done; progress never moves back. */
    public Uni<Void> record(UUID eventId, String tenant, int done, int total) {
        return pool.preparedQuery("""
                        INSERT INTO preference.event_progress (event_id, tenant, recipients_done, recipients_total)
                        VALUES ($1, $2, $3, $4)
                        ON CONFLICT (event_id) DO UPDATE
                           SET recipients_done = GREATEST(event_progress.recipients_done, EXCLUDED.recipients_done),
                               updated_at = now()""")
                .execute(Tuple.of(eventId, tenant, done, total)).replaceWithVoid();
    }

    /** Forgets the event's progress: it is done. */
    public Uni<Void> complete(UUID eventId) {
        return pool.preparedQuery("DELETE FROM preference.event_progress WHERE event_id = $1")
                .execute(Tuple.of(eventId)).replaceWithVoid();
    }

    /** Deletes the progress of events not advanced since {@code before} (they were dead-lettered); answers how many. */
    public Uni<Integer> purgeOlderThan(Instant before) {
        return pool.preparedQuery("DELETE FROM preference.event_progress WHERE updated_at < $1")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC))).map(RowSet::rowCount);
    }
}
