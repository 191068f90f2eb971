package dev.herald.bench.measure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.bench.Console;
import dev.herald.bench.EventIds;
import dev.herald.bench.HeraldApi;
import dev.herald.bench.HeraldApi.SandboxMessage;
import dev.herald.bench.HeraldApi.TrackedNotification;
import dev.herald.bench.RunClock;
import dev.herald.bench.Users;
import dev.herald.bench.broker.QueueDepthSampler;
import dev.herald.bench.load.LoadRun;
import dev.herald.bench.load.Sent;
import dev.herald.bench.load.UserCursor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Follows every notification of a phase to its end: waits until the sandbox providers received them all and the
 * tracker recorded them all as sent (or until nothing moves any more), then matches each expected notification to
 * its provider call ({@code receivedAt}) and its tracker row ({@code updatedAt} of {@code sent}, or the {@code at}
 * of the {@code sent} entry in its history when a later state followed), and computes the phase's figures.
 */
public final class Correlator {

    /** States that mean the provider took the notification: {@code sent} and the delivery reports after it. */
    static final Set<String> SENT_OR_LATER = Set.of("sent", "delivered", "bounced");
    private static final int PAGE = 500;

    private final HeraldApi api;
    private final RunClock clock;
    private final UserCursor cursor;
    private final int fanout;
    private final List<String> channels;
    private final Duration drainTimeout;
    private final Timeline timeline;

    public Correlator(HeraldApi api, RunClock clock, UserCursor cursor, int fanout, List<String> channels,
            Duration drainTimeout, Timeline timeline) {
        this.api = api;
        this.clock = clock;
        this.cursor = cursor;
        this.fanout = fanout;
        this.channels = channels;
        this.drainTimeout = drainTimeout;
        this.timeline = timeline;
    }

    /** One notification an accepted event must make. */
    record Expected(String eventId, int user, String channel, Instant acceptedAt, Instant due) {

        String key() {
            return eventId + "|" + Users.id(user) + "|" + channel;
        }
    }

    public PhaseResult correlate(LoadRun run, ResourceSampler resources, ResourceSampler.CpuSnapshot cpuAtStart,
            QueueDepthSampler queues) {
        List<Expected> expected = new ArrayList<>();
        Map<String, Integer> errors = new TreeMap<>();
        int accepted = 0;
        for (Sent sent : run.sent()) {
            if (!sent.accepted()) {
                errors.merge(sent.errorKey(), 1, Integer::sum);
                continue;
            }
            accepted++;
            Instant acceptedAt = EventIds.acceptedAt(sent.eventId());
            timeline.add(Timeline.Stage.ACCEPTED, clock.wall(sent.completedNanos()), fanout * channels.size());
            for (int i = 0; i < fanout; i++) {
                for (String channel : channels) {
                    expected.add(new Expected(sent.eventId(), cursor.user(sent.firstUser(), i), channel, acceptedAt,
                            clock.wall(sent.scheduledNanos())));
                }
            }
        }
        Instant start = clock.wall(run.startNanos());
        long drainStart = System.nanoTime();
        awaitProviders(run.name(), expected.size());
        List<SandboxMessage> messages = api.sandboxMessages();
        Map<String, TrackedNotification> tracked = awaitTracker(run.name(), expected, start);
        Duration drain = Duration.ofNanos(System.nanoTime() - drainStart);
        ResourceSampler.CpuUsage cpu = ResourceSampler.between(cpuAtStart, resources.cpu());
        long peakRss = resources.samples(run.startNanos(), System.nanoTime()).stream()
                .mapToLong(ResourceSampler.MemorySample::totalKb).max().orElse(0);
        Map<String, Long> depths = queues.maxDepths(run.startNanos(), System.nanoTime());
        Map<String, Instant> sentAt = sentTimes(tracked);
        return figures(run, expected, accepted, errors, messages, tracked, sentAt, cpu, peakRss, depths, drain);
    }

    private PhaseResult figures(LoadRun run, List<Expected> expected, int accepted, Map<String, Integer> errors,
            List<SandboxMessage> messages, Map<String, TrackedNotification> tracked, Map<String, Instant> sentAt,
            ResourceSampler.CpuUsage cpu, long peakRss, Map<String, Long> depths, Duration drain) {
        ProviderMatcher provider = new ProviderMatcher(messages);
        List<Expected> inOrder = new ArrayList<>(expected);
        inOrder.sort(Comparator.comparing(Expected::acceptedAt));
        double[] toProvider = new double[inOrder.size()];
        double[] toSent = new double[inOrder.size()];
        double[] dueToProvider = new double[inOrder.size()];
        int providerCount = 0;
        int sentCount = 0;
        int inTracker = 0;
        Instant lastProvider = null;
        Instant lastSent = null;
        Map<String, Integer> otherStates = new TreeMap<>();
        for (Expected notification : inOrder) {
            Instant received = provider.take(notification);
            if (received != null) {
                toProvider[providerCount] = millis(notification.acceptedAt(), received);
                dueToProvider[providerCount] = millis(notification.due(), received);
                providerCount++;
                lastProvider = max(lastProvider, received);
                timeline.add(Timeline.Stage.PROVIDER, received, 1);
            }
            TrackedNotification row = tracked.get(notification.key());
            if (row != null) {
                inTracker++;
                Instant sent = sentAt.get(notification.key());
                if (sent != null) {
                    toSent[sentCount++] = millis(notification.acceptedAt(), sent);
                    lastSent = max(lastSent, sent);
                    timeline.add(Timeline.Stage.SENT, sent, 1);
                } else {
                    otherStates.merge(row.state(), 1, Integer::sum);
                }
            } else {
                otherStates.merge("unknown to the tracker", 1, Integer::sum);
            }
        }
        Instant firstDue = clock.wall(run.startNanos());
        Instant lastAnswer = clock.wall(run.endNanos());
        double[] ingress = run.sent().stream().filter(Sent::accepted)
                .mapToDouble(s -> (s.completedNanos() - s.scheduledNanos()) / 1e6).toArray();
        int perEvent = fanout * channels.size();
        return new PhaseResult(run.name(), run.offeredPerSecond(), run.concurrency(),
                Duration.ofNanos(run.endNanos() - run.startNanos()), run.sent().size(), accepted, errors,
                expected.size(), inTracker, sentCount, providerCount, messages.size() - providerCount, otherStates,
                rate((long) accepted * perEvent, firstDue, lastAnswer), rate(providerCount, firstDue, lastProvider),
                rate(sentCount, firstDue, lastSent),
                Distribution.ofMillis(ingress),
                Distribution.ofMillis(java.util.Arrays.copyOf(toProvider, providerCount)),
                Distribution.ofMillis(java.util.Arrays.copyOf(toSent, sentCount)),
                Distribution.ofMillis(java.util.Arrays.copyOf(dueToProvider, providerCount)),
                cpu, peakRss, depths, drain);
    }

    /** Waits until the providers received {@code expected} messages, or until the count stops growing. */
    private void awaitProviders(String phase, int expected) {
        int last = -1;
        long lastProgress = System.nanoTime();
        long lastLog = System.nanoTime();
        while (true) {
            int count = api.sandboxCount();
            if (count >= expected) {
                return;
            }
            if (count != last) {
                last = count;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > drainTimeout.toNanos()) {
                Console.info("%s: the providers received %d of %d notifications and nothing moved for %d s; going on",
                        phase, count, expected, drainTimeout.toSeconds());
                return;
            }
            if (System.nanoTime() - lastLog > 10e9) {
                lastLog = System.nanoTime();
                Console.info("%s: waiting for the providers: %d of %d received", phase, count, expected);
            }
            sleep(250);
        }
    }

    /**
     * Reads the tracker's listing (newest first) back to the phase's start until every expected notification is
     * sent, or nothing changes for the drain timeout.
     */
    private Map<String, TrackedNotification> awaitTracker(String phase, List<Expected> expected, Instant start) {
        Set<String> wanted = new java.util.HashSet<>();
        Set<String> events = new java.util.HashSet<>();
        for (Expected notification : expected) {
            wanted.add(notification.key());
            events.add(notification.eventId());
        }
        int lastSent = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            Map<String, TrackedNotification> found = listSince(start.minusSeconds(5), events, wanted);
            int sent = (int) found.values().stream().filter(n -> SENT_OR_LATER.contains(n.state())).count();
            if (sent >= wanted.size()) {
                return found;
            }
            if (sent != lastSent) {
                lastSent = sent;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > drainTimeout.toNanos()) {
                Console.info("%s: the tracker has %d of %d notifications sent and nothing moved for %d s; going on",
                        phase, sent, wanted.size(), drainTimeout.toSeconds());
                return found;
            }
            Console.info("%s: waiting for the tracker: %d of %d sent", phase, sent, wanted.size());
            sleep(2000);
        }
    }

    private Map<String, TrackedNotification> listSince(Instant since, Set<String> events, Set<String> wanted) {
        Map<String, TrackedNotification> found = new HashMap<>();
        String cursorToken = null;
        do {
            HeraldApi.NotificationPage page = api.notifications(cursorToken, PAGE);
            boolean older = false;
            for (TrackedNotification notification : page.items()) {
                if (Instant.parse(notification.createdAt()).isBefore(since)) {
                    older = true;
                    continue;
                }
                if (events.contains(notification.eventId())) {
                    String key = notification.eventId() + "|" + notification.userId() + "|" + notification.channel();
                    if (wanted.contains(key)) {
                        found.put(key, notification);
                    }
                }
            }
            cursorToken = older ? null : page.nextCursor();
        } while (cursorToken != null);
        return found;
    }

    /**
     * When each notification became {@code sent}: its {@code updatedAt} while it is still {@code sent}; for one that
     * moved on (a delivery report), the {@code at} of the {@code sent} entry of its history.
     */
    private Map<String, Instant> sentTimes(Map<String, TrackedNotification> tracked) {
        Map<String, Instant> sentAt = new HashMap<>();
        List<Map.Entry<String, TrackedNotification>> movedOn = new ArrayList<>();
        tracked.forEach((key, notification) -> {
            if ("sent".equals(notification.state())) {
                sentAt.put(key, Instant.parse(notification.updatedAt()));
            } else if (SENT_OR_LATER.contains(notification.state())) {
                movedOn.add(Map.entry(key, notification));
            }
        });
        if (!movedOn.isEmpty()) {
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                List<CompletableFuture<Void>> lookups = new ArrayList<>();
                for (Map.Entry<String, TrackedNotification> entry : movedOn) {
                    lookups.add(CompletableFuture.runAsync(() -> {
                        Instant at = sentInHistory(api.notification(entry.getValue().notificationId()));
                        if (at != null) {
                            synchronized (sentAt) {
                                sentAt.put(entry.getKey(), at);
                            }
                        }
                    }, pool));
                }
                CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).join();
            }
        }
        return sentAt;
    }

    /**
     * When the channel reported the notification sent. An ignored {@code sent} counts too: the provider's delivery
     * webhook can reach the tracker before the channel's own status, which is then kept as a late entry. A
     * redelivered dispatch may report {@code sent} again; the first report is the send.
     */
    static Instant sentInHistory(JsonNode notification) {
        Instant earliest = null;
        for (JsonNode entry : notification.path("history")) {
            if ("sent".equals(entry.path("state").asText())) {
                Instant at = Instant.parse(entry.path("at").asText());
                if (earliest == null || at.isBefore(earliest)) {
                    earliest = at;
                }
            }
        }
        return earliest;
    }

    /**
     * Finds the provider call of a notification: for email by the {@code herald_event_id} custom arg and the
     * address; for the other channels (no event id in what the provider receives) the earliest unclaimed call to the
     * recipient's address, notifications being taken in order of acceptance.
     */
    static final class ProviderMatcher {

        private final Map<String, Instant> byEvent = new HashMap<>();
        private final Map<String, Deque<Instant>> byAddress = new HashMap<>();

        ProviderMatcher(List<SandboxMessage> messages) {
            List<SandboxMessage> sorted = new ArrayList<>(messages);
            sorted.sort(Comparator.comparing(SandboxMessage::received));
            for (SandboxMessage message : sorted) {
                String to = message.to() == null ? "" : message.to().toLowerCase(java.util.Locale.ROOT);
                if (message.eventId() != null) {
                    byEvent.putIfAbsent(message.channel() + "|" + message.eventId() + "|" + to, message.received());
                } else {
                    byAddress.computeIfAbsent(message.channel() + "|" + to, k -> new ArrayDeque<>()).add(message.received());
                }
            }
        }

        Instant take(Expected notification) {
            String to = Users.sandboxAddress(notification.user(), notification.channel()).toLowerCase(java.util.Locale.ROOT);
            Instant received = byEvent.remove(notification.channel() + "|" + notification.eventId() + "|" + to);
            if (received != null) {
                return received;
            }
            Deque<Instant> calls = byAddress.get(notification.channel() + "|" + to);
            return calls == null ? null : calls.pollFirst();
        }
    }

    static double rate(long count, Instant from, Instant to) {
        if (to == null || count == 0) {
            return 0;
        }
        double seconds = Duration.between(from, to).toNanos() / 1e9;
        return seconds <= 0 ? 0 : count / seconds;
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
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
