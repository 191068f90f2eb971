package dev.herald.filter.messaging;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The default chunk size (1000 recipients) and a cap of one SMS per hour: caps counted a thousand keys at a time. */
public class CapsAtDefaultChunkProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "herald.filter.frequency-caps.sms.limit", "1",
                "herald.filter.frequency-caps.sms.window", "1h");
    }
}
