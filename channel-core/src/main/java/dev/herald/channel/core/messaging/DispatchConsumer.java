package dev.herald.channel.core.messaging;

import dev.herald.channel.core.provider.Redaction;
import dev.herald.channel.core.service.DispatchHeaders;
import dev.herald.channel.core.service.DispatchPipeline;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.messaging.MessageCodec;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import dev.herald.channel.core.config.ChannelConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one consumer of every channel: reads the channel's work queue through the incoming channel {@code dispatch},
 * which each channel module maps to its queue ({@code mp.messaging.incoming.dispatch.queue.name=herald.email}).
 *
 * <p>Each delivery runs on its own virtual thread, so provider SDKs may block and up to the prefetch
 * ({@code max-outstanding-messages}) dispatches are in flight at once. A delivery is acknowledged only after its
 * outcome is confirmed by the broker; anything else rejects it without requeue (failure strategy {@code reject}),
 * which dead-letters it to {@code herald.<channel>.dlq}. At shutdown it drains: see {@link #drain}.
 */
@ApplicationScoped
public class DispatchConsumer {

    private final DispatchPipeline pipeline;
    private final Duration shutdownWait;
    private final Phaser inFlight = new Phaser(1);
    private volatile boolean draining;

    DispatchConsumer(DispatchPipeline pipeline, ChannelConfig config) {
        this.pipeline = pipeline;
        this.shutdownWait = config.shutdownWait();
    }

    @Incoming("dispatch")
    @RunOnVirtualThread
    public CompletionStage<Void> consume(Message<byte[]> message) {
        inFlight.register();
        try {
            if (draining) {
                // Left unacknowledged: the broker gives it to another replica once this one's connection closes.
                return new CompletableFuture<>();
            }
            return process(message);
        } finally {
            inFlight.arriveAndDeregister();
        }
    }

    /**
     * At shutdown, before the connector closes (it does so when the application scope is destroyed, after this
     * event): takes no new dispatch and waits up to {@code herald.channel.shutdown-wait} for those in flight, so a
     * deploy does not abandon provider calls half-way (each would leave a claim in doubt, {@code outcome_unknown}).
     * Quarkus' own {@code quarkus.shutdown.timeout} only waits for HTTP requests.
     */
    void drain(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        draining = true;
        int phase = inFlight.arrive();
        try {
            inFlight.awaitAdvanceInterruptibly(phase, shutdownWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Log.warnf("%d dispatch(es) still in flight after %s at shutdown; their claims may be left in doubt",
                    inFlight.getUnarrivedParties(), shutdownWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletionStage<Void> process(Message<byte[]> message) {
        Map<String, Object> headers = message.getMetadata(IncomingRabbitMQMetadata.class)
                .map(IncomingRabbitMQMetadata::getHeaders)
                .orElse(Map.of());
        try {
            pipeline.process(message.getPayload(), new DispatchHeaders(stringHeader(headers, MessageHeaders.TRACEPARENT),
                    intHeader(headers, MessageHeaders.ATTEMPT), stringHeader(headers, MessageHeaders.REDRIVE),
                    instantHeader(headers, MessageHeaders.NOT_BEFORE), headers.containsKey(DispatchHeaders.DEFERRED)));
            return message.ack();
        } catch (MessageCodec.PoisonMessageException e) {
            Log.warnf("Rejecting an unusable dispatch to the dead-letter queue: %s", Redaction.reason(e.getMessage()));
            return message.nack(e);
        } catch (RuntimeException e) {
            // The outcome could not be recorded (broker unavailable or a bug). Requeueing would resend at once in a
            // loop, so the dispatch is dead-lettered where an operator can inspect and redrive it.
            Log.errorf(e, "Dispatch could not be completed; rejecting it to the dead-letter queue");
            return message.nack(e);
        }
    }

    private static String stringHeader(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return value == null ? null : value.toString();
    }

    private static Instant instantHeader(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        if (value instanceof Number number) {
            return Instant.ofEpochMilli(number.longValue());
        }
        if (value != null) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(value.toString().trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Integer intHeader(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value != null) {
            try {
                return Integer.parseInt(value.toString().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
