package dev.herald.filter.benchmark;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import dev.herald.filter.messaging.BrokerProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One event to 100,000 users (seeded by SQL), through the filter alone: the time until every dispatch is in
 * {@code herald.dispatch.email} and every status in {@code herald.status.tracker} (nobody consumes either in this
 * vhost), and the peak heap used meanwhile (sampled; it includes garbage not yet collected, so run with
 * {@code -DargLine=-Xmx320m} to see whether the broadcast fits the heap the filter is deployed with). Prints figures,
 * asserts no timing.
 */
@QuarkusTest
class BroadcastFilterThroughputTest {

    static final int RECIPIENTS = 100_000;
    private static final String DISPATCH_QUEUE = dev.herald.common.contract.Channel.EMAIL.workQueue();

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    Pool pool;

    @Test
    void measuresABroadcastToAHundredThousandUsers() throws Exception {
        String prefix = "broadcast-" + UUID.randomUUID().toString().substring(0, 8);
        pool.preparedQuery("""
                        INSERT INTO preference.users (tenant, user_id, email)
                        SELECT 'default', $1 || '-' || n, $1 || '-' || n || '@example.com' FROM generate_series(1, $2) n""")
                .execute(Tuple.of(prefix, RECIPIENTS)).await().atMost(Duration.ofMinutes(2));
        List<String> recipients = new ArrayList<>(RECIPIENTS);
        for (int n = 1; n <= RECIPIENTS; n++) {
            recipients.add(prefix + "-" + n);
        }
        int chunkSize = ConfigProvider.getConfig().getValue("herald.filter.chunk-size", Integer.class);

        Connection connection = BrokerProbe.connectPatiently();
        try {
            Channel channel = connection.createChannel();
            channel.queuePurge(DISPATCH_QUEUE);
            channel.queuePurge(Topology.STATUS_TRACKER_QUEUE);
            EventMessage event = new EventMessage(EventMessage.SCHEMA_VERSION, UUID.randomUUID(), "default", "benchmark",
                    "service.announcement", "news", false, recipients, Map.of("n", 1),
                    List.of(dev.herald.common.contract.Channel.EMAIL), null, Instant.now());
            recipients = null;

            HeapSampler heap = HeapSampler.start();
            long started = System.nanoTime();
            publisher.publish(Topology.EVENTS_EXCHANGE, "", event, null).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> channel.queueDeclarePassive(DISPATCH_QUEUE).getMessageCount() >= RECIPIENTS);
            double dispatched = (System.nanoTime() - started) / 1e9;
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> channel.queueDeclarePassive(Topology.STATUS_TRACKER_QUEUE).getMessageCount() >= RECIPIENTS);
            double announced = (System.nanoTime() - started) / 1e9;
            heap.stop();

            long dispatches = channel.queueDeclarePassive(DISPATCH_QUEUE).getMessageCount();
            String line = String.format("preference-filter broadcast: %d recipients x 1 channel in chunks of %d:"
                            + " all dispatches published in %.1f s (%.0f dispatches/s), all statuses in %.1f s;"
                            + " heap used before %d MB, peak %d MB (sampled every 20 ms, garbage included), max heap %d MB",
                    RECIPIENTS, chunkSize, dispatched, RECIPIENTS / dispatched, announced, heap.before() >> 20,
                    heap.peak() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            System.out.println(line);

            assertThat(dispatches).isEqualTo(RECIPIENTS);
            channel.queuePurge(DISPATCH_QUEUE);
            channel.queuePurge(Topology.STATUS_TRACKER_QUEUE);
        } finally {
            connection.abort(2000);
        }
    }

    /** The largest heap use seen, sampled every 20 ms on a thread of its own. */
    private static final class HeapSampler implements Runnable {

        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private final long before;
        private volatile boolean running = true;
        private final Thread thread;

        private HeapSampler() {
            System.gc();
            before = memory.getHeapMemoryUsage().getUsed();
            thread = Thread.ofPlatform().daemon().name("heap-sampler").start(this);
        }

        static HeapSampler start() {
            return new HeapSampler();
        }

        @Override
        public void run() {
            while (running) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long before() {
            return before;
        }

        long peak() {
            return peak.get();
        }
    }
}
