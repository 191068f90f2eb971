package dev.herald.auth;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hashed API keys in {@code herald_auth.api_key}, each tied to a tenant. Every service with a machine API reads it;
 * the table is declared idempotently at start-up (under an advisory lock, as services start concurrently) and the
 * bootstrap key is upserted there.
 */
@ApplicationScoped
public class ApiKeyStore {

    private static final long DDL_LOCK = 0x48455241_4C440001L;

    private final Pool pool;
    private final AuthConfig config;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    ApiKeyStore(Pool pool, AuthConfig config) {
        this.pool = pool;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        try {
            ensureSchema().await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            Log.warnf("API keys cannot be prepared yet (%s); they will be on first use", e.getMessage());
        }
    }

    private volatile boolean ready;

    Uni<Void> ensureSchema() {
        if (ready) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(connection -> connection.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(DDL_LOCK))
                .chain(() -> connection.query("CREATE SCHEMA IF NOT EXISTS herald_auth").execute())
                .chain(() -> connection.query("""
                        CREATE TABLE IF NOT EXISTS herald_auth.api_key (
                            key_hash   text PRIMARY KEY,
                            tenant     text NOT NULL,
                            name       text NOT NULL,
                            created_at timestamptz NOT NULL DEFAULT now(),
                            revoked_at timestamptz
                        )""").execute())
                .chain(() -> config.bootstrapKey().filter(key -> !key.isBlank())
                        .map(key -> connection.preparedQuery("""
                                INSERT INTO herald_auth.api_key (key_hash, tenant, name) VALUES ($1, $2, 'bootstrap')
                                ON CONFLICT (key_hash) DO NOTHING""")
                                .execute(Tuple.of(ApiKeys.hash(key), config.defaultTenant())).replaceWithVoid())
                        .orElseGet(() -> Uni.createFrom().voidItem())))
                .invoke(() -> ready = true)
                .replaceWithVoid();
    }

    /** The tenant of a presented key, or empty when the key is unknown or revoked. */
    public Uni<Optional<String>> tenantOf(String presentedKey) {
        String hash = ApiKeys.hash(presentedKey);
        Cached cached = cache.get(hash);
        long now = System.nanoTime();
        if (cached != null && cached.expiresAt - now > 0) {
            return Uni.createFrom().item(cached.tenant);
        }
        return ensureSchema()
                .chain(() -> pool.preparedQuery("SELECT tenant FROM herald_auth.api_key WHERE key_hash = $1 AND revoked_at IS NULL")
                        .execute(Tuple.of(hash)))
                .map(rows -> {
                    Optional<String> tenant = rows.size() == 0 ? Optional.empty()
                            : Optional.of(rows.iterator().next()).map((Row row) -> row.getString("tenant"));
                    cache.put(hash, new Cached(tenant, now + config.cacheTtl().toNanos()));
                    return tenant;
                });
    }

    /** Stores a new key for {@code tenant} and returns it; only its hash is kept. */
    public Uni<String> create(String tenant, String name) {
        String key = ApiKeys.generate();
        return ensureSchema()
                .chain(() -> pool.preparedQuery("INSERT INTO herald_auth.api_key (key_hash, tenant, name) VALUES ($1, $2, $3)")
                        .execute(Tuple.of(ApiKeys.hash(key), tenant, name)))
                .replaceWith(key);
    }

    private record Cached(Optional<String> tenant, long expiresAt) {
    }
}
