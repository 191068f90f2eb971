package dev.herald.common.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.herald.common.contract.MessageHeaders;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * Publishes persistent JSON messages and completes each future only when the broker has confirmed it, or fails it
 * with {@link BrokerUnavailableException} when the broker nacks it (a full queue), the channel closes, or no
 * confirm arrives within {@code herald.rabbitmq.publish-timeout}.
 *
 * <p>Publishes from many threads share one confirm-mode channel and are pipelined: the broker confirms them in
 * batches ({@code multiple=true}), so a burst of publishes costs far fewer round trips than one at a time.
 */
@ApplicationScoped
public class ConfirmingPublisher {

    private final BrokerConnection broker;
    private final ObjectMapper json;
    private final long timeoutMillis;
    private final Object lock = new Object();
    private Channel channel;
    private ConcurrentNavigableMap<Long, CompletableFuture<Void>> outstanding = new ConcurrentSkipListMap<>();

    ConfirmingPublisher(BrokerConnection broker, ObjectMapper json, BrokerConfig config) {
        this.broker = broker;
        this.json = json;
        this.timeoutMillis = config.publishTimeout().toMillis();
    }

    /** Serialises {@code payload} as JSON and publishes it; the future completes once the broker confirmed it. */
    public CompletableFuture<Void> publish(String exchange, String routingKey, Object payload, String traceparent) {
        return publish(exchange, routingKey, payload, traceparent, Map.of());
    }

    public CompletableFuture<Void> publish(String exchange, String routingKey, Object payload, String traceparent,
            Map<String, Object> extraHeaders) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot serialise " + payload, e));
        }
        Map<String, Object> headers = new HashMap<>(extraHeaders);
        if (traceparent != null) {
            headers.put(MessageHeaders.TRACEPARENT, traceparent);
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .headers(headers)
                .timestamp(new java.util.Date())
                .build();
        return publishRaw(exchange, routingKey, properties, body);
    }

    /** Publishes a message as it is (used to move dead letters back without re-encoding them). */
    public CompletableFuture<Void> publishRaw(String exchange, String routingKey, AMQP.BasicProperties properties,
            byte[] body) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        try {
            synchronized (lock) {
                Channel current = openChannel();
                long sequence = current.getNextPublishSeqNo();
                outstanding.put(sequence, confirmed);
                try {
                    current.basicPublish(exchange, routingKey, false, properties, body);
                } catch (IOException | RuntimeException e) {
                    outstanding.remove(sequence);
                    throw e;
                }
            }
        } catch (BrokerUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IOException | ShutdownSignalException e) {
            return CompletableFuture.failedFuture(new BrokerUnavailableException("publishing to RabbitMQ failed", e));
        }
        return confirmed.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).exceptionallyCompose(failure -> {
            if (failure instanceof java.util.concurrent.TimeoutException) {
                return CompletableFuture.failedFuture(
                        new BrokerUnavailableException("RabbitMQ did not confirm the publish within " + timeoutMillis + " ms"));
            }
            return CompletableFuture.failedFuture(failure);
        });
    }

    private Channel openChannel() {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        try {
            Channel opened = broker.connection().createChannel();
            opened.confirmSelect();
            ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending = new ConcurrentSkipListMap<>();
            opened.addConfirmListener(new ConfirmListener() {
                @Override
                public void handleAck(long deliveryTag, boolean multiple) {
                    settle(pending, deliveryTag, multiple, null);
                }

                @Override
                public void handleNack(long deliveryTag, boolean multiple) {
                    settle(pending, deliveryTag, multiple,
                            new BrokerUnavailableException("RabbitMQ refused the message (queue full or unavailable)"));
                }
            });
            opened.addShutdownListener(cause -> {
                if (!pending.isEmpty()) {
                    Log.warnf("publisher channel closed with %d unconfirmed messages: %s", pending.size(), cause.getMessage());
                }
                failAll(pending, new BrokerUnavailableException("RabbitMQ channel closed before confirming", cause));
            });
            // Automatic recovery would silently reopen this channel with a new sequence; we open a fresh one instead.
            channel = opened;
            outstanding = pending;
            return opened;
        } catch (IOException e) {
            throw new BrokerUnavailableException("cannot open a RabbitMQ channel", e);
        }
    }

    private static void settle(ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending, long deliveryTag,
            boolean multiple, RuntimeException failure) {
        List<CompletableFuture<Void>> settled = new ArrayList<>();
        if (multiple) {
            ConcurrentNavigableMap<Long, CompletableFuture<Void>> head = pending.headMap(deliveryTag, true);
            settled.addAll(head.values());
            head.clear();
        } else {
            CompletableFuture<Void> one = pending.remove(deliveryTag);
            if (one != null) {
                settled.add(one);
            }
        }
        for (CompletableFuture<Void> future : settled) {
            if (failure == null) {
                future.complete(null);
            } else {
                future.completeExceptionally(failure);
            }
        }
    }

    private static void failAll(ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending, RuntimeException failure) {
        List<CompletableFuture<Void>> all = new ArrayList<>(pending.values());
        pending.clear();
        all.forEach(future -> future.completeExceptionally(failure));
    }
}
