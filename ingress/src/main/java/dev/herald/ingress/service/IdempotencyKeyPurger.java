package dev.herald.ingress.service;

import dev.herald.ingress.config.IngressConfig;
import dev.herald.ingress.repository.IdempotencyKeyRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Forgets idempotency keys older than {@code herald.ingress.idempotency-key-ttl}. */
@ApplicationScoped
public class IdempotencyKeyPurger {

    private final IdempotencyKeyRepository keys;
    private final IngressConfig config;

    IdempotencyKeyPurger(IdempotencyKeyRepository keys, IngressConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return keys.purgeOlderThan(Instant.now().minus(config.idempotencyKeyTtl()))
                .invoke(count -> {
                    if (count > 0) {
                        Log.infof("forgot %d expired idempotency keys", count);
                    }
                })
                .onFailure().invoke(e -> Log.warnf("purging idempotency keys failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
