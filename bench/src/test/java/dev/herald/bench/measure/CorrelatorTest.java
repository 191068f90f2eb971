package dev.herald.bench.measure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.bench.HeraldApi;
import dev.herald.bench.HeraldApi.SandboxMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelatorTest {

    private static final Instant T0 = Instant.parse("2026-11-22T17:00:00Z");

    @Test
    void anEmailIsMatchedByItsEventIdAndAddress() {
        var matcher = new Correlator.ProviderMatcher(List.of(
                new SandboxMessage("email", "bench-u000001@bench.herald.test", Map.of("herald_event_id", "e2"), "2026-11-22T17:00:00.300Z"),
                new SandboxMessage("email", "bench-u000001@bench.herald.test", Map.of("herald_event_id", "e1"), "2026-11-22T17:00:00.200Z")));
        assertThat(matcher.take(new Correlator.Expected("e1", 1, "email", T0, T0))).isEqualTo(Instant.parse("2026-11-22T17:00:00.200Z"));
        assertThat(matcher.take(new Correlator.Expected("e1", 1, "email", T0, T0))).as("each call counts once").isNull();
        assertThat(matcher.take(new Correlator.Expected("e2", 1, "email", T0, T0))).isEqualTo(Instant.parse("2026-11-22T17:00:00.300Z"));
    }

    @Test
    void channelsWithoutAnEventIdAreMatchedByAddressInOrderOfArrival() {
        var matcher = new Correlator.ProviderMatcher(List.of(
                new SandboxMessage("sms", "+447700000001", null, "2026-11-22T17:00:02Z"),
                new SandboxMessage("sms", "+447700000001", null, "2026-11-22T17:00:01Z")));
        assertThat(matcher.take(new Correlator.Expected("e1", 1, "sms", T0, T0))).isEqualTo(Instant.parse("2026-11-22T17:00:01Z"));
        assertThat(matcher.take(new Correlator.Expected("e2", 1, "sms", T0, T0))).isEqualTo(Instant.parse("2026-11-22T17:00:02Z"));
        assertThat(matcher.take(new Correlator.Expected("e3", 2, "sms", T0, T0))).isNull();
    }

    @Test
    void theSentTimeOfANotificationThatMovedOnComesFromItsHistory() throws Exception {
        JsonNode notification = HeraldApi.JSON.readTree("""
                {"state": "delivered", "history": [
                  {"state": "queued", "at": "2026-11-22T17:00:00.100Z", "ignored": false},
                  {"state": "sent", "at": "2026-11-22T17:00:00.400Z", "ignored": true},
                  {"state": "sent", "at": "2026-11-22T17:00:00.250Z", "ignored": false},
                  {"state": "delivered", "at": "2026-11-22T17:00:03Z", "ignored": false}]}""");
        assertThat(Correlator.sentInHistory(notification)).isEqualTo(Instant.parse("2026-11-22T17:00:00.250Z"));
    }

    @Test
    void aSentThatReachedTheTrackerAfterTheDeliveryWebhookStillCounts() throws Exception {
        JsonNode notification = HeraldApi.JSON.readTree("""
                {"state": "delivered", "history": [
                  {"state": "queued", "at": "2026-11-22T17:00:00.100Z", "ignored": false},
                  {"state": "delivered", "at": "2026-11-22T17:00:00.900Z", "ignored": false},
                  {"state": "sent", "at": "2026-11-22T17:00:00.300Z", "ignored": true}]}""");
        assertThat(Correlator.sentInHistory(notification)).isEqualTo(Instant.parse("2026-11-22T17:00:00.300Z"));
        assertThat(Correlator.sentInHistory(HeraldApi.JSON.readTree("""
                {"state": "queued", "history": [{"state": "queued", "at": "2026-11-22T17:00:00.100Z"}]}"""))).isNull();
    }

    @Test
    void aRateRunsFromTheFirstDueRequestToTheLastArrival() {
        assertThat(Correlator.rate(1000, T0, T0.plusSeconds(4))).isEqualTo(250);
        assertThat(Correlator.rate(0, T0, null)).isZero();
    }
}
