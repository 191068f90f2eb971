package dev.herald.channel.core.messaging;

import dev.herald.channel.core.provider.Redaction;
import dev.herald.channel.core.service.DispatchHeaders;
import dev.herald.channel.core.service.DispatchPipeline;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.messaging.MessageCodec;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The one consumer of every channel: reads the channel's work queue through the incoming channel {@code dispatch},
 * which each channel module maps to its queue ({@code mp.messaging.incoming.dispatch.queue.name=herald.email}).
 *
 * <p>Each delivery runs on its own virtual thread, so provider SDKs may block and up to the prefetch
 * ({@code max-outstanding-messages}) dispatches are in flight at once. A delivery is acknowledged only after its
 * outcome is confirmed by the broker; anything else rejects it without requeue (failure strategy {@code reject}),
 * which dead-letters it to {@code herald.<channel>.dlq}.
 */
@ApplicationScoped
public class DispatchConsumer {

    private final DispatchPipeline pipeline;

    DispatchConsumer(DispatchPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Incoming("dispatch")
    @RunOnVirtualThread
    public CompletionStage<Void> consume(Message<byte[]> message) {
        Map<String, Object> headers = message.getMetadata(IncomingRabbitMQMetadata.class)
                .map(IncomingRabbitMQMetadata::getHeaders)
                .orElse(Map.of());
        try {
            pipeline.process(message.getPayload(), new DispatchHeaders(stringHeader(headers, MessageHeaders.TRACEPARENT),
                    intHeader(headers, MessageHeaders.ATTEMPT), stringHeader(headers, MessageHeaders.REDRIVE),
                    instantHeader(headers, MessageHeaders.NOT_BEFORE)));
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
