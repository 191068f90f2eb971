package dev.herald.channel.email;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** {@link SendThroughputBenchmark} with the send ledger off ({@code NoSendLedger}): the baseline. */
@QuarkusTest
@TestProfile(LedgerOffThroughputBenchmark.NoLedger.class)
class LedgerOffThroughputBenchmark extends SendThroughputBenchmark {

    public static class NoLedger implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("herald.channel.ledger.enabled", "false");
        }
    }

    @Test
    void measuresSendsPerSecond() {
        report("ledger off");
    }
}
