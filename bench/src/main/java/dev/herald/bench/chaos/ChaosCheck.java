package dev.herald.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.bench.Console;
import dev.herald.bench.HeraldApi;
import dev.herald.bench.Users;
import dev.herald.bench.broker.RabbitManagement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.time.Duration;

/**
 * After the disruptions: waits until the platform is quiet (every notification of every accepted event in a
 * terminal state, the vhost's queues empty), then compares what the tracker says with what the sandbox received,
 * through the public APIs only ({@code GET /v1/events/{id}}, {@code GET /sandbox/messages}).
 */
final class ChaosCheck {

    /** States a notification does not leave by itself; {@code sent} is final for channels without delivery receipts. */
    static final Set<String> TERMINAL = Set.of("sent", "delivered", "bounced", "failed", "dead_lettered", "expired",
            "suppressed");
    private static final Duration ROUND = Duration.ofSeconds(5);

    private final ChaosOptions options;
    private final HeraldApi api;
    private final ChaosLoad load;
    private final RabbitManagement management;
    private final Map<Integer, JsonNode> settled = new ConcurrentHashMap<>();

    ChaosCheck(ChaosOptions options, HeraldApi api, ChaosLoad load) {
        this.options = options;
        this.api = api;
        this.load = load;
        this.management = new RabbitManagement(options.platform().broker());
    }

    /** Waits for quiescence; false when the settle timeout passed without progress. */
    boolean awaitQuiet() {
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < options.events(); i++) {
            if (load.eventId(i) != null) {
                pending.add(i);
            }
        }
        long lastProgress = System.nanoTime();
        int quietRounds = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            while (true) {
                List<Future<Boolean>> checks = new ArrayList<>();
                for (int index : pending) {
                    checks.add(pool.submit(() -> settle(index)));
                }
                List<Integer> still = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    if (!get(checks.get(i))) {
                        still.add(pending.get(i));
                    }
                }
                long queued = queued();
                if (still.size() < pending.size()) {
                    lastProgress = System.nanoTime();
                }
                pending = still;
                // Quiet twice in a row: nothing pending in the tracker and nothing left in any queue (-1: unknown).
                quietRounds = pending.isEmpty() && queued <= 0 ? quietRounds + 1 : 0;
                Console.info("settle: %d events still have a notification short of a terminal state; %s messages in the "
                        + "broker's queues (dead-letter queues aside)", pending.size(), queued < 0 ? "?" : Long.toString(queued));
                if (quietRounds >= 2) {
                    return true;
                }
                if (System.nanoTime() - lastProgress > options.settleTimeout().toNanos()) {
                    return pending.isEmpty();
                }
                PlatformControl.sleep(ROUND);
            }
        }
    }

    private boolean settle(int index) {
        JsonNode event = api.event(load.eventId(index));
        if (event == null) {
            return false;
        }
        JsonNode notifications = event.path("notifications");
        settled.put(index, event);
        if (notifications.size() < ChaosOptions.CHANNELS.size()) {
            return false;
        }
        for (JsonNode notification : notifications) {
            if (!TERMINAL.contains(notification.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    /** Messages in the vhost's work, retry and status queues (-1: unknown). Dead-letter queues are left out. */
    private long queued() {
        Map<String, Long> depths = management.queueDepths(options.platform().broker().vhost());
        if (depths.isEmpty()) {
            return -1;
        }
        return depths.entrySet().stream().filter(queue -> !queue.getKey().endsWith(".dlq"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Dead-letter queues that still hold messages: letters no consumer moved on (the channels' go to the tracker). */
    Map<String, Long> deadLetterQueues() {
        Map<String, Long> left = new TreeMap<>();
        management.queueDepths(options.platform().broker().vhost()).forEach((queue, depth) -> {
            if (queue.endsWith(".dlq") && depth > 0) {
                left.put(queue, depth);
            }
        });
        return left;
    }

    /** Compares every expected notification with the tracker's state and the sandbox's record. */
    ChaosResult verdict() {
        Map<String, Integer> received = new HashMap<>();
        Set<String> ours = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < options.events(); i++) {
            for (String channel : ChaosOptions.CHANNELS) {
                ours.add(channel + " " + Users.sandboxAddress(i, channel));
            }
        }
        int stray = 0;
        for (HeraldApi.SandboxMessage message : api.sandboxMessages()) {
            String key = message.channel() + " " + message.to();
            if (ours.contains(key)) {
                received.merge(key, 1, Integer::sum);
            } else {
                stray++;
            }
        }
        ChaosResult.Builder result = new ChaosResult.Builder(options.events(), load.accepted(), load.rejected(), stray);
        for (int i = 0; i < options.events(); i++) {
            if (load.eventId(i) == null) {
                continue;
            }
            Map<String, JsonNode> byChannel = new LinkedHashMap<>();
            JsonNode event = settled.get(i);
            if (event == null) {
                event = api.event(load.eventId(i));
            }
            if (event != null) {
                for (JsonNode notification : event.path("notifications")) {
                    byChannel.put(notification.path("channel").asText(), notification);
                }
            }
            for (String channel : ChaosOptions.CHANNELS) {
                JsonNode notification = byChannel.get(channel);
                String state = notification == null ? "missing" : notification.path("state").asText();
                String reason = notification == null ? "" : notification.path("reason").asText("");
                int copies = received.getOrDefault(channel + " " + Users.sandboxAddress(i, channel), 0);
                result.add(channel, state, reason, copies);
            }
        }
        return result.build();
    }

    private static boolean get(Future<Boolean> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            return false; // the tracker did not answer this time (it may be restarting): asked again next round
        }
    }
}
