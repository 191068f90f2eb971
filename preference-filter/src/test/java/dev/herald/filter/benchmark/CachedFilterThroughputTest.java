package dev.herald.filter.benchmark;

import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.filter.service.RecipientDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Throughput with the lookup cache on (the default); compare {@link UncachedFilterThroughputTest}. */
@QuarkusTest
class CachedFilterThroughputTest {

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    RecipientDirectory directory;

    @Inject
    Pool pool;

    @Test
    void measuresEventsPerSecondThroughTheFilterWithTheCache() throws Exception {
        String line = ThroughputMeasurement.run("cache on", publisher, directory, ThroughputMeasurement.users(pool, "bench-cached"));

        assertThat(line).contains("events/s");
    }
}
