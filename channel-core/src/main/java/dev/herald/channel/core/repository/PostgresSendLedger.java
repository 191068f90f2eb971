package dev.herald.channel.core.repository;

import dev.herald.channel.core.config.ChannelConfig;
import dev.herald.channel.core.service.SendLedger;
import dev.herald.common.contract.DispatchMessage;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Typed;

import java.time.Duration;
import java.util.UUID;

/**
 * The send ledger in {@code channel.send_ledger}, one row per notification, shared by every replica of every channel.
 * The table is declared idempotently at start-up under an advisory lock (replicas start concurrently). Each statement
 * is awaited on the caller's virtual thread; the database's clock decides the age of a claim, so replicas' clocks
 * need not agree.
 */
@ApplicationScoped
@Typed(PostgresSendLedger.class)
public class PostgresSendLedger implements SendLedger {

    private static final long DDL_LOCK = 0x48455241_4C440002L;
    private static final int PURGE_BATCH = 5_000;

    static final String SENDING = "sending";
    static final String SENT = "sent";
    static final String RELEASED = "released";

    private final Pool pool;
    private final ChannelConfig.Ledger config;
    private volatile boolean ready;

    PostgresSendLedger(Pool pool, ChannelConfig config) {
        this.pool = pool;
        this.config = config.ledger();
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        try {
            ensureSchema();
        } catch (RuntimeException e) {
            Log.warnf("The send ledger cannot be prepared yet (%s); it will be on first use", e.getMessage());
        }
    }

    @Override
    public Claim claim(DispatchMessage dispatch, String redriveId) {
        ensureSchema();
        UUID claimId = UUID.randomUUID();
        // One statement on the common path: insert the claim, or take over a released one, or an in-doubt one past
        // the in-flight grace that either a redrive this same redrive did not already take (a redelivery of the
        // redriven message must not resend), or a later attempt of the same redrive (or of none) takes: attempt n+1 is
        // only published once attempt n ended without acceptance, so its row is `sending` only because its release
        // was lost. A row recorded sent is never taken.
        Uni<RowSet<Row>> statement = pool.preparedQuery("""
                INSERT INTO channel.send_ledger AS l
                    (notification_id, channel, state, attempt, redrive_id, claim_id, claimed_at, updated_at)
                VALUES ($1, $2, 'sending', $3, $4, $6, now(), now())
                ON CONFLICT (notification_id) DO UPDATE
                    SET state = 'sending', attempt = EXCLUDED.attempt, redrive_id = EXCLUDED.redrive_id,
                        claim_id = EXCLUDED.claim_id,
                        claimed_at = now(), updated_at = now(), provider = NULL, provider_message_id = NULL
                    WHERE l.state = 'released'
                       OR (l.state = 'sending' AND l.claimed_at < now() - make_interval(secs => $5)
                           AND ((EXCLUDED.redrive_id IS NOT NULL AND l.redrive_id IS DISTINCT FROM EXCLUDED.redrive_id)
                                OR (l.attempt < EXCLUDED.attempt
                                    AND l.redrive_id IS NOT DISTINCT FROM EXCLUDED.redrive_id)))
                RETURNING notification_id""")
                .execute(Tuple.of(dispatch.notificationId(), dispatch.channel().wireName(), dispatch.attempt(),
                        redriveId, (double) config.inFlightGrace().toMillis() / 1000, claimId))
                .memoize().indefinitely();
        RowSet<Row> claimed;
        try {
            claimed = await("claim", statement);
        } catch (LedgerUnavailableException e) {
            releaseWhenDone(dispatch.notificationId(), claimId, statement);
            throw e;
        }
        if (claimed.size() > 0) {
            return new Claimed(claimId);
        }
        RowSet<Row> rows = await("read", pool.preparedQuery("""
                SELECT state, attempt, provider, provider_message_id,
                       EXTRACT(EPOCH FROM now() - claimed_at)::float8 AS age_seconds
                FROM channel.send_ledger WHERE notification_id = $1""")
                .execute(Tuple.of(dispatch.notificationId())));
        if (rows.size() == 0) {
            return claim(dispatch, redriveId); // purged in between: claim afresh
        }
        Row row = rows.iterator().next();
        int attempt = row.getInteger("attempt");
        if (SENT.equals(row.getString("state"))) {
            return new AlreadySent(row.getString("provider"), row.getString("provider_message_id"), attempt);
        }
        long ageMillis = Math.max(0, Math.round(row.getDouble("age_seconds") * 1000));
        return new ClaimedElsewhere(attempt, Duration.ofMillis(ageMillis));
    }

    @Override
    public void recordSent(UUID notificationId, String provider, String providerMessageId) {
        await("record sent", pool.preparedQuery("""
                UPDATE channel.send_ledger SET state = 'sent', provider = $2, provider_message_id = $3, updated_at = now()
                WHERE notification_id = $1""")
                .execute(Tuple.of(notificationId, provider, providerMessageId)));
    }

    @Override
    public void release(UUID notificationId, Claimed claim) {
        await("release", pool.preparedQuery("""
                UPDATE channel.send_ledger SET state = 'released', updated_at = now()
                WHERE notification_id = $1 AND state = 'sending' AND claim_id = $2""")
                .execute(Tuple.of(notificationId, claim.claimId())));
    }

    /**
     * A claim whose answer did not come in time may still commit (a statement waiting on a lock, a slow database):
     * its row would then say `sending` with nobody holding it, and a later copy would be dead-lettered as in doubt.
     * The claim's own statement is still followed to its end, without blocking the caller; if it claimed the row (or
     * failed, when it may have committed before the connection broke) the claim is released, best effort, by its id.
     */
    private void releaseWhenDone(UUID notificationId, UUID claimId, Uni<RowSet<Row>> claim) {
        claim.onItemOrFailure().transformToUni((rows, failure) -> failure == null && rows.size() == 0
                        ? Uni.createFrom().voidItem()
                        : pool.preparedQuery("""
                                UPDATE channel.send_ledger SET state = 'released', updated_at = now()
                                WHERE notification_id = $1 AND state = 'sending' AND claim_id = $2""")
                                .execute(Tuple.of(notificationId, claimId)).replaceWithVoid())
                .ifNoItem().after(Duration.ofMinutes(1)).fail()
                .subscribe().with(done -> Log.debugf("released the late claim %s of %s", claimId, notificationId),
                        failure -> Log.warnf("the late claim %s of %s could not be released (%s); its row stays"
                                + " sending until a later attempt takes it over", claimId, notificationId,
                                failure.getMessage()));
    }

    /** Deletes rows untouched for longer than {@code retention}, in batches; returns how many. */
    public long purgeOlderThan(Duration retention) {
        ensureSchema();
        long total = 0;
        int deleted;
        do {
            deleted = await("purge", pool.preparedQuery("""
                    DELETE FROM channel.send_ledger WHERE notification_id IN (
                        SELECT notification_id FROM channel.send_ledger
                        WHERE updated_at < now() - make_interval(secs => $1) LIMIT $2)""")
                    .execute(Tuple.of((double) retention.toSeconds(), PURGE_BATCH))).rowCount();
            total += deleted;
        } while (deleted == PURGE_BATCH);
        return total;
    }

    @Scheduled(every = "${herald.channel.ledger.purge-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        if (!config.enabled()) {
            return;
        }
        try {
            long purged = purgeOlderThan(config.retention());
            if (purged > 0) {
                Log.infof("purged %d send-ledger rows older than %s", purged, config.retention());
            }
        } catch (RuntimeException e) {
            Log.warnf("purging the send ledger failed, next try in %s: %s", config.purgeInterval(), e.getMessage());
        }
    }

    private void ensureSchema() {
        if (ready) {
            return;
        }
        await("prepare", pool.withTransaction(connection -> connection.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(DDL_LOCK))
                .chain(() -> connection.query("CREATE SCHEMA IF NOT EXISTS channel").execute())
                .chain(() -> connection.query("""
                        CREATE TABLE IF NOT EXISTS channel.send_ledger (
                            notification_id     uuid PRIMARY KEY,
                            channel             text NOT NULL,
                            state               text NOT NULL CHECK (state IN ('sending', 'sent', 'released')),
                            attempt             integer NOT NULL,
                            redrive_id          text,
                            claim_id            uuid NOT NULL,
                            provider            text,
                            provider_message_id text,
                            claimed_at          timestamptz NOT NULL,
                            updated_at          timestamptz NOT NULL
                        )""").execute())
                .chain(() -> connection.query("""
                        CREATE INDEX IF NOT EXISTS send_ledger_updated_at ON channel.send_ledger (updated_at)""")
                        .execute())
                .replaceWithVoid()));
        ready = true;
    }

    private <T> T await(String what, Uni<T> statement) {
        try {
            return statement.await().atMost(config.timeout());
        } catch (RuntimeException e) {
            throw new LedgerUnavailableException("send ledger " + what + " failed: " + e.getMessage(), e);
        }
    }
}
