package dev.herald.filter.messaging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test that watches what the service publishes: each test method gets a {@link BrokerProbe} of its own, started
 * before it runs and closed after.
 */
abstract class BrokerProbeFixture {

    protected BrokerProbe probe;

    @BeforeEach
    void watch() throws Exception {
        probe = BrokerProbe.start();
    }

    @AfterEach
    void stopWatching() throws Exception {
        probe.close();
    }
}
