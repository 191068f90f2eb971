package dev.herald.common.messaging;

import dev.herald.common.contract.Channel;

import java.time.Duration;

/** Names in Herald's RabbitMQ topology (DESIGN.md). {@link TopologyDeclarer} declares them. */
public final class Topology {

    public static final String EVENTS_EXCHANGE = "herald.events";
    public static final String DISPATCH_EXCHANGE = "herald.dispatch";
    public static final String RETRY_EXCHANGE = "herald.retry";
    public static final String DEAD_LETTER_EXCHANGE = "herald.dlx";
    public static final String STATUS_EXCHANGE = "herald.status";
    /** Hygiene feedback ({@code SuppressionMessage}): addresses that must not be used again. */
    public static final String HYGIENE_EXCHANGE = "herald.hygiene";

    public static final String EVENTS_FILTER_QUEUE = "herald.events.filter";
    public static final String EVENTS_TRACKER_QUEUE = "herald.events.tracker";
    public static final String STATUS_TRACKER_QUEUE = "herald.status.tracker";
    public static final String HYGIENE_FILTER_QUEUE = "herald.hygiene.filter";

    private Topology() {
    }

    /** The dead-letter queue of a queue: {@code herald.email} -> {@code herald.email.dlq}. */
    public static String deadLetterQueue(String queue) {
        return queue + ".dlq";
    }

    public static String deadLetterQueue(Channel channel) {
        return deadLetterQueue(channel.workQueue());
    }

    /** The routing key on {@code herald.dlx} of a queue's dead letters: the queue name without {@code herald.}. */
    public static String deadLetterRoutingKey(String queue) {
        return queue.substring("herald.".length());
    }

    /** Wait queue of one retry tier: {@code herald.email.retry.30s}. */
    public static String retryQueue(Channel channel, Duration tier) {
        return channel.workQueue() + ".retry." + tierName(tier);
    }

    /** Routing key on {@code herald.retry} of one channel's retry tier: {@code email.30s}. */
    public static String retryRoutingKey(Channel channel, Duration tier) {
        return channel.wireName() + "." + tierName(tier);
    }

    static String tierName(Duration tier) {
        long seconds = tier.toSeconds();
        if (tier.toMillis() % 1000 != 0) {
            return tier.toMillis() + "ms";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
