package dev.herald.filter.messaging;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Chunks of two recipients, so that a handful of users spans several chunks, and a cap of two SMS per hour. */
public class ChunksAndCapsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "herald.filter.chunk-size", "2",
                "herald.filter.frequency-caps.sms.limit", "2",
                "herald.filter.frequency-caps.sms.window", "1h");
    }
}
