package dev.herald.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.bench.Console;
import dev.herald.bench.EventIds;
import dev.herald.bench.HeraldApi;
import dev.herald.bench.RunClock;
import dev.herald.bench.Users;
import dev.herald.bench.broker.QueueDepthSampler;
import dev.herald.bench.measure.BroadcastResult;
import dev.herald.bench.measure.ResourceSampler;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One event to the first {@code recipients} users on one channel; then, once a second, how many notifications the
 * tracker knows and has sent ({@code GET /v1/events/{id}}'s {@code counts}) and how many the providers received
 * ({@code GET /sandbox/messages/count}), until all are sent or nothing moves any more.
 */
public final class BroadcastRun {

    private static final Set<String> SENT_OR_LATER = Set.of("sent", "delivered", "bounced");

    private final HeraldApi api;
    private final RunClock clock;
    private final Duration drainTimeout;

    public BroadcastRun(HeraldApi api, RunClock clock, Duration drainTimeout) {
        this.api = api;
        this.clock = clock;
        this.drainTimeout = drainTimeout;
    }

    public BroadcastResult run(int recipients, String channel, ResourceSampler resources, QueueDepthSampler queues) {
        String body = body(recipients, channel);
        api.clearSandbox();
        ResourceSampler.CpuSnapshot cpuAtStart = resources.cpu();
        long postedAt = System.nanoTime();
        HttpResponse<String> response = api.postEvent(body, Duration.ofMinutes(2)).join();
        long answeredAt = System.nanoTime();
        if (response.statusCode() != 202) {
            throw new IllegalStateException("the broadcast event was refused: " + response.statusCode() + " " + response.body());
        }
        String eventId = HeraldApi.eventId(response.body());
        Instant accepted = EventIds.acceptedAt(eventId);
        Console.info("broadcast %s to %d recipients accepted in %d ms", eventId, recipients, (answeredAt - postedAt) / 1_000_000);

        List<BroadcastResult.Sample> samples = new ArrayList<>();
        Duration dispatched = null;
        Duration inProvider = null;
        Duration sent = null;
        Map<String, Long> counts = Map.of();
        long known = 0;
        long sentCount = 0;
        long providerCount = 0;
        long lastProgress = System.nanoTime();
        long lastLog = 0;
        while (sent == null || inProvider == null) {
            JsonNode event;
            int provider;
            try {
                event = api.event(eventId);
                provider = api.sandboxCount();
            } catch (RuntimeException e) {
                // A busy tracker may answer a poll late; the next poll (or the drain timeout) decides.
                Console.info("broadcast: a progress poll failed (%s); polling again", e.getMessage());
                if (System.nanoTime() - lastProgress > drainTimeout.toNanos()) {
                    break;
                }
                sleep(1000);
                continue;
            }
            Instant now = clock.now();
            counts = counts(event);
            long newKnown = counts.values().stream().mapToLong(Long::longValue).sum();
            long newSent = counts.entrySet().stream().filter(e -> SENT_OR_LATER.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            if (newKnown != known || newSent != sentCount || provider != providerCount) {
                lastProgress = System.nanoTime();
            }
            known = newKnown;
            sentCount = newSent;
            providerCount = provider;
            Duration elapsed = Duration.between(accepted, now);
            samples.add(new BroadcastResult.Sample(elapsed.toNanos() / 1e9, known, sentCount, providerCount));
            if (dispatched == null && known >= recipients) {
                dispatched = elapsed;
            }
            if (inProvider == null && providerCount >= recipients) {
                inProvider = elapsed;
            }
            if (sent == null && sentCount >= recipients) {
                sent = elapsed;
            }
            if (System.nanoTime() - lastLog > 10e9) {
                lastLog = System.nanoTime();
                Console.info("broadcast after %d s: tracker knows %d, sent %d; providers received %d", elapsed.toSeconds(),
                        known, sentCount, providerCount);
            }
            if (System.nanoTime() - lastProgress > drainTimeout.toNanos()) {
                Console.info("broadcast: nothing moved for %d s; going on", drainTimeout.toSeconds());
                break;
            }
            sleep(1000);
        }
        ResourceSampler.CpuUsage cpu = ResourceSampler.between(cpuAtStart, resources.cpu());
        long peakRss = resources.samples(postedAt, System.nanoTime()).stream()
                .mapToLong(ResourceSampler.MemorySample::totalKb).max().orElse(0);
        return new BroadcastResult(recipients, body.getBytes(StandardCharsets.UTF_8).length, eventId,
                Duration.ofNanos(answeredAt - postedAt), dispatched, inProvider, sent, known, sentCount, providerCount,
                counts, samples, cpu, peakRss, queues.maxDepths(postedAt, System.nanoTime()));
    }

    static String body(int recipients, String channel) {
        StringBuilder json = new StringBuilder(100 + recipients * 16);
        json.append("{\"type\":\"order.shipped\",\"category\":\"orders\",\"channels\":[\"").append(channel)
                .append("\"],\"data\":{\"orderId\":\"BROADCAST-1\",\"carrier\":\"Parcel & Co\"},\"recipients\":[");
        for (int i = 0; i < recipients; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(Users.id(i)).append('"');
        }
        return json.append("]}").toString();
    }

    private static Map<String, Long> counts(JsonNode event) {
        Map<String, Long> counts = new TreeMap<>();
        if (event != null) {
            event.path("counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        }
        return counts;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
