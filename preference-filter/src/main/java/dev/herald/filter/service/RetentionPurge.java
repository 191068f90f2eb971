package dev.herald.filter.service;

import dev.herald.filter.config.FilterConfig;
import dev.herald.filter.repository.EventProgressRepository;
import dev.herald.filter.repository.FrequencyCapRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * Deletes what is kept only for a while: the progress of events that never finished (after
 * {@code herald.filter.progress-retention}) and frequency-cap counts older than the longest cap window (at least a
 * day, so that an event redone the next morning still finds its counts and is not counted twice).
 */
@ApplicationScoped
public class RetentionPurge {

    static final Duration MINIMUM_COUNT_RETENTION = Duration.ofDays(1);

    private final EventProgressRepository progress;
    private final FrequencyCapRepository counts;
    private final Duration progressRetention;
    private final Duration countRetention;

    RetentionPurge(EventProgressRepository progress, FrequencyCapRepository counts, FrequencyCaps caps,
            FilterConfig config) {
        this.progress = progress;
        this.counts = counts;
        this.progressRetention = config.progressRetention();
        Duration longest = caps.longestWindow();
        this.countRetention = longest.compareTo(MINIMUM_COUNT_RETENTION) > 0 ? longest : MINIMUM_COUNT_RETENTION;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        Instant now = Instant.now();
        return progress.purgeOlderThan(now.minus(progressRetention))
                .chain(purged -> counts.purgeOlderThan(now.minus(countRetention))
                        .invoke(counted -> {
                            if (purged + counted > 0) {
                                Log.infof("purged %d stale event progress rows and %d frequency-cap counts", purged, counted);
                            }
                        }))
                .onFailure().invoke(failure -> Log.warnf("purging stale rows failed; retrying in an hour: %s",
                        failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
