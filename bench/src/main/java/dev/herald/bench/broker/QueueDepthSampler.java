package dev.herald.bench.broker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples the depth of the platform's work queues every two seconds through the management API, so the report can
 * show where messages piled up in each phase: the queue in front of the slowest consumer grows.
 */
public final class QueueDepthSampler implements AutoCloseable {

    /** The queues of the happy path, in the order a notification passes them. */
    public static final List<String> QUEUES = List.of("herald.events.filter", "herald.events.tracker", "herald.email",
            "herald.sms", "herald.push", "herald.slack", "herald.status.tracker");

    private record Sample(long nanoTime, Map<String, Long> depths) {
    }

    private final RabbitManagement management;
    private final String vhost;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;

    public QueueDepthSampler(RabbitManagement management, String vhost) {
        this.management = management;
        this.vhost = vhost;
        this.thread = new Thread(this::loop, "bench-queue-depths");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            Map<String, Long> depths = management.queueDepths(vhost);
            depths.keySet().retainAll(QUEUES);
            if (!depths.isEmpty()) {
                samples.add(new Sample(System.nanoTime(), depths));
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The deepest each queue got between two instants of {@link System#nanoTime()}; queues that stayed empty are left out. */
    public Map<String, Long> maxDepths(long fromNanos, long toNanos) {
        Map<String, Long> max = new TreeMap<>((a, b) -> Integer.compare(QUEUES.indexOf(a), QUEUES.indexOf(b)));
        synchronized (samples) {
            for (Sample sample : samples) {
                if (sample.nanoTime() >= fromNanos && sample.nanoTime() <= toNanos) {
                    sample.depths().forEach((queue, depth) -> {
                        if (depth > 0) {
                            max.merge(queue, depth, Math::max);
                        }
                    });
                }
            }
        }
        return max;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
