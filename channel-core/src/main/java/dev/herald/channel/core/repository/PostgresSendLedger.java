package dev.herald.channel.core.repository;

import dev.herald.channel.core.config.ChannelConfig;
import dev.herald.channel.core.service.SendLedger;
import dev.herald.common.batching.GroupCommit;
import dev.herald.common.contract.DispatchMessage;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Typed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The send ledger in {@code channel.send_ledger}, one row per notification, shared by every replica of every channel.
 * The table is declared idempotently at start-up under an advisory lock (replicas start concurrently). The database's
 * clock decides the age of a claim, so replicas' clocks need not agree.
 *
 * <p>Claims, and separately outcomes, are group-committed ({@link GroupCommit}): while a batch is being written, the
 * claims of other dispatches in flight queue up and go together into the next statement (one {@code INSERT} for
 * claims, one {@code UPDATE} for outcomes, each its own transaction), so a busy worker commits many sends at once and
 * an idle one writes at once. Each caller waits on its virtual thread for its own answer, at most the ledger
 * timeout; a batch that fails (the database down, a connection lost) fails every claim or outcome in it, each of
 * which the pipeline then handles as it would a statement of its own that failed.
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
    private final GroupCommit<ClaimRequest, Claim> claims;
    private final GroupCommit<Outcome, Void> outcomes;
    private volatile boolean ready;

    PostgresSendLedger(Pool pool, ChannelConfig config) {
        this.pool = pool;
        this.config = config.ledger();
        this.claims = GroupCommit.byKey(this.config.maxBatchSize(), this.config.maxConcurrentBatches(),
                ClaimRequest::notificationId, this::writeClaims);
        this.outcomes = GroupCommit.byKey(this.config.maxBatchSize(), this.config.maxConcurrentBatches(),
                Outcome::notificationId, this::writeOutcomes);
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
        GroupCommit.Ticket<ClaimRequest, Claim> ticket = claims.submit(new ClaimRequest(dispatch.notificationId(),
                dispatch.channel().wireName(), dispatch.attempt(), redriveId, claimId));
        Claim claim;
        try {
            claim = await("claim", ticket);
        } catch (LedgerUnavailableException e) {
            releaseWhenDone(dispatch.notificationId(), claimId, ticket);
            throw e;
        }
        return claim != null ? claim : claim(dispatch, redriveId); // purged in between: claim afresh
    }

    @Override
    public void recordSent(UUID notificationId, String provider, String providerMessageId) {
        record("record sent", new Outcome(notificationId, SENT, provider, providerMessageId, null));
    }

    @Override
    public void release(UUID notificationId, Claimed claim) {
        record("release", new Outcome(notificationId, RELEASED, null, null, claim.claimId()));
    }

    /** An outcome not written within the timeout is withdrawn if still queued: the caller tries again or gives up. */
    private void record(String what, Outcome outcome) {
        GroupCommit.Ticket<Outcome, Void> ticket = outcomes.submit(outcome);
        try {
            await(what, ticket);
        } catch (LedgerUnavailableException e) {
            ticket.withdraw();
            throw e;
        }
    }

    /**
     * One statement for a batch of claims (distinct notifications, see {@link GroupCommit}): insert each claim, or
     * take over a released row, or an in-doubt one past the in-flight grace that either a redrive this same redrive
     * did not already take (a redelivery of the redriven message must not resend), or a later attempt of the same
     * redrive (or of none) takes: attempt n+1 is only published once attempt n ended without acceptance, so its row
     * is `sending` only because its release was lost. A row recorded sent is never taken. Only when some claim found
     * its row taken, a second statement reads those rows. Rows are written in notification-id order, so two batches
     * touching the same rows lock them in the same order.
     */
    private Uni<Map<UUID, Claim>> writeClaims(List<ClaimRequest> requests) {
        List<ClaimRequest> sorted = requests.stream().sorted(Comparator.comparing(ClaimRequest::notificationId))
                .toList();
        Tuple arguments = Tuple.tuple()
                .addArrayOfUUID(sorted.stream().map(ClaimRequest::notificationId).toArray(UUID[]::new))
                .addArrayOfString(sorted.stream().map(ClaimRequest::channel).toArray(String[]::new))
                .addArrayOfInteger(sorted.stream().map(ClaimRequest::attempt).toArray(Integer[]::new))
                .addArrayOfString(sorted.stream().map(ClaimRequest::redriveId).toArray(String[]::new))
                .addArrayOfUUID(sorted.stream().map(ClaimRequest::claimId).toArray(UUID[]::new))
                .addDouble((double) config.inFlightGrace().toMillis() / 1000);
        return pool.preparedQuery("""
                INSERT INTO channel.send_ledger AS l
                    (notification_id, channel, state, attempt, redrive_id, claim_id, claimed_at, updated_at)
                SELECT c.notification_id, c.channel, 'sending', c.attempt, c.redrive_id, c.claim_id, now(), now()
                FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::uuid[]) WITH ORDINALITY
                    AS c(notification_id, channel, attempt, redrive_id, claim_id, n)
                ORDER BY c.n
                ON CONFLICT (notification_id) DO UPDATE
                    SET state = 'sending', attempt = EXCLUDED.attempt, redrive_id = EXCLUDED.redrive_id,
                        claim_id = EXCLUDED.claim_id,
                        claimed_at = now(), updated_at = now(), provider = NULL, provider_message_id = NULL
                    WHERE l.state = 'released'
                       OR (l.state = 'sending' AND l.claimed_at < now() - make_interval(secs => $6)
                           AND ((EXCLUDED.redrive_id IS NOT NULL AND l.redrive_id IS DISTINCT FROM EXCLUDED.redrive_id)
                                OR (l.attempt < EXCLUDED.attempt
                                    AND l.redrive_id IS NOT DISTINCT FROM EXCLUDED.redrive_id)))
                RETURNING notification_id""")
                .execute(arguments)
                .chain(claimed -> {
                    Map<UUID, Claim> answers = new HashMap<>();
                    Set<UUID> claimedIds = new HashSet<>();
                    claimed.forEach(row -> claimedIds.add(row.getUUID("notification_id")));
                    List<UUID> taken = new ArrayList<>();
                    for (ClaimRequest request : sorted) {
                        if (claimedIds.contains(request.notificationId())) {
                            answers.put(request.notificationId(), new Claimed(request.claimId()));
                        } else {
                            taken.add(request.notificationId());
                        }
                    }
                    return taken.isEmpty() ? Uni.createFrom().item(answers) : readTaken(taken, answers);
                });
    }

    /** Adds what the rows of {@code taken} say; a row purged in between stays unanswered (claimed afresh). */
    private Uni<Map<UUID, Claim>> readTaken(List<UUID> taken, Map<UUID, Claim> answers) {
        return pool.preparedQuery("""
                SELECT notification_id, state, attempt, provider, provider_message_id,
                       EXTRACT(EPOCH FROM now() - claimed_at)::float8 AS age_seconds
                FROM channel.send_ledger WHERE notification_id = ANY($1::uuid[])""")
                .execute(Tuple.tuple().addArrayOfUUID(taken.toArray(UUID[]::new)))
                .map(rows -> {
                    for (Row row : rows) {
                        answers.put(row.getUUID("notification_id"), answer(row));
                    }
                    return answers;
                });
    }

    private static Claim answer(Row row) {
        int attempt = row.getInteger("attempt");
        if (SENT.equals(row.getString("state"))) {
            return new AlreadySent(row.getString("provider"), row.getString("provider_message_id"), attempt);
        }
        long ageMillis = Math.max(0, Math.round(row.getDouble("age_seconds") * 1000));
        return new ClaimedElsewhere(attempt, Duration.ofMillis(ageMillis));
    }

    /**
     * One statement for a batch of outcomes (distinct notifications): {@code sent} with the provider's message id,
     * whoever holds the claim now (a fact about the provider); {@code released} only while the claim is still the
     * releasing attempt's ({@code claim_id}), so an attempt stuck past the grace cannot release the claim of the
     * redrive that took over from it.
     */
    private Uni<Map<UUID, Void>> writeOutcomes(List<Outcome> outcomes) {
        List<Outcome> sorted = outcomes.stream().sorted(Comparator.comparing(Outcome::notificationId)).toList();
        Tuple arguments = Tuple.tuple()
                .addArrayOfUUID(sorted.stream().map(Outcome::notificationId).toArray(UUID[]::new))
                .addArrayOfString(sorted.stream().map(Outcome::state).toArray(String[]::new))
                .addArrayOfString(sorted.stream().map(Outcome::provider).toArray(String[]::new))
                .addArrayOfString(sorted.stream().map(Outcome::providerMessageId).toArray(String[]::new))
                .addArrayOfUUID(sorted.stream().map(Outcome::claimId).toArray(UUID[]::new));
        return pool.preparedQuery("""
                UPDATE channel.send_ledger AS l
                SET state = o.state,
                    provider = CASE WHEN o.state = 'sent' THEN o.provider ELSE l.provider END,
                    provider_message_id = CASE WHEN o.state = 'sent' THEN o.provider_message_id
                                               ELSE l.provider_message_id END,
                    updated_at = now()
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[])
                    AS o(notification_id, state, provider, provider_message_id, claim_id)
                WHERE l.notification_id = o.notification_id
                  AND (o.state = 'sent' OR (l.state = 'sending' AND l.claim_id = o.claim_id))""")
                .execute(arguments)
                .replaceWith(Map.of());
    }

    /**
     * A claim whose answer did not come in time may still commit (a statement waiting on a lock, a slow database):
     * its row would then say `sending` with nobody holding it, and a later copy would be dead-lettered as in doubt.
     * A claim still queued is withdrawn (never written). One already in a batch is followed to its end, without
     * blocking the caller; if it claimed the row (or failed, when it may have committed before the connection broke)
     * the claim is released, best effort, by its id.
     */
    private void releaseWhenDone(UUID notificationId, UUID claimId, GroupCommit.Ticket<ClaimRequest, Claim> ticket) {
        if (ticket.withdraw()) {
            return;
        }
        Uni.createFrom().completionStage(ticket.result())
                .onItemOrFailure().transformToUni((claim, failure) -> failure == null && !(claim instanceof Claimed)
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().completionStage(outcomes.submit(
                                new Outcome(notificationId, RELEASED, null, null, claimId)).result()).replaceWithVoid())
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

    /** Waits up to the ledger timeout for {@code ticket}'s batch. */
    private <T> T await(String what, GroupCommit.Ticket<?, T> ticket) {
        try {
            return ticket.result().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new LedgerUnavailableException("send ledger " + what + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new LedgerUnavailableException("send ledger " + what + " failed: no answer within "
                    + config.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException("send ledger " + what + " interrupted", e);
        }
    }

    /** A claim to write: the notification, this attempt's claim id and what decides a take-over. */
    private record ClaimRequest(UUID notificationId, String channel, int attempt, String redriveId, UUID claimId) {
    }

    /** An outcome to write: {@code sent} (provider, message id) or {@code released} (the releasing claim's id). */
    private record Outcome(UUID notificationId, String state, String provider, String providerMessageId,
            UUID claimId) {
    }

    private <T> T await(String what, Uni<T> statement) {
        try {
            return statement.await().atMost(config.timeout());
        } catch (RuntimeException e) {
            throw new LedgerUnavailableException("send ledger " + what + " failed: " + e.getMessage(), e);
        }
    }
}
