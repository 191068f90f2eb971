package dev.herald.filter.benchmark;

import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.filter.service.RecipientDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Throughput with the lookup cache off: every event reads its recipients and categories from PostgreSQL. */
@QuarkusTest
@TestProfile(UncachedFilterThroughputTest.CacheOff.class)
class UncachedFilterThroughputTest {

    public static class CacheOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("herald.filter.cache.enabled", "false");
        }
    }

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    RecipientDirectory directory;

    @Inject
    Pool pool;

    @Test
    void measuresEventsPerSecondThroughTheFilterWithoutTheCache() throws Exception {
        String line = ThroughputMeasurement.run("cache off", publisher, directory, ThroughputMeasurement.users(pool, "bench-uncached"));

        assertThat(line).contains("events/s");
    }
}
